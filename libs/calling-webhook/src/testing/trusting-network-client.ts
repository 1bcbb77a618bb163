import { request } from 'node:https';
import type {
  INetworkModule,
  NetworkRequestOptions,
  NetworkResponse,
} from '@azure/msal-node';

/**
 * An msal network client (`credentials.networkClient`) that trusts exactly the given CA
 * certificates, for a local https authority in tests without `NODE_EXTRA_CA_CERTS` (which Node
 * reads only at start-up). Does what msal's own client does: JSON in, JSON out.
 */
export function trustingNetworkClient(ca: string | string[]): INetworkModule {
  const send = <T>(
    url: string,
    method: 'GET' | 'POST',
    options: NetworkRequestOptions | undefined,
    timeoutMs: number | undefined,
  ) =>
    new Promise<NetworkResponse<T>>((resolve, reject) => {
      const req = request(
        url,
        { method, headers: options?.headers, ca, timeout: timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const headers: Record<string, string> = {};
              for (const [name, value] of Object.entries(res.headers))
                if (value !== undefined) headers[name] = String(value);
              resolve({
                headers,
                body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as T,
                status: res.statusCode ?? 0,
              });
            } catch (error) {
              reject(error instanceof Error ? error : new Error(String(error)));
            }
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('Request timeout')));
      req.on('error', reject);
      req.end(method === 'POST' ? (options?.body ?? '') : undefined);
    });
  return {
    sendGetRequestAsync: (url, options, timeout) =>
      send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) =>
      send(url, 'POST', options, undefined),
  };
}
