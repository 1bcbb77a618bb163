import {
  byTenant,
  type CallingWebhookOptions,
  type PartitionOptions,
  type RegionAffinityOptions,
} from 'nestjs-calling-webhook';
import { InvalidSettingError } from './setting-errors.js';

export { InvalidSettingError };

/** Reads `key=value,key=value` (e.g. `CALLING_DEPLOYMENTS=emea=https://emea.example.com`). */
function pairs(
  name: string,
  value: string | undefined,
): Record<string, string> | undefined {
  if (!value?.trim()) return undefined;
  const entries = value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)
    .map((item) => {
      const at = item.indexOf('=');
      if (at <= 0 || at === item.length - 1) {
        throw new InvalidSettingError(
          `${name} must be a comma-separated list of key=value pairs, e.g. ${name}=emea=https://emea.bot.example.com`,
        );
      }
      return [item.slice(0, at).trim(), item.slice(at + 1).trim()] as const;
    });
  return Object.fromEntries(entries);
}

function regionAffinity(
  env: NodeJS.ProcessEnv,
): RegionAffinityOptions | undefined {
  const deployments = pairs('CALLING_DEPLOYMENTS', env.CALLING_DEPLOYMENTS);
  const tenantRegions = pairs(
    'CALLING_TENANT_REGIONS',
    env.CALLING_TENANT_REGIONS,
  );
  const currentRegion = env.CALLING_REGION?.trim();
  if (!currentRegion) {
    if (deployments || tenantRegions) {
      throw new InvalidSettingError(
        'CALLING_REGION must name this deployment when CALLING_DEPLOYMENTS or CALLING_TENANT_REGIONS is set',
      );
    }
    return undefined;
  }
  return {
    currentRegion,
    deployments: deployments ?? {},
    resolver: tenantRegions ? byTenant(tenantRegions) : undefined,
  };
}

function partition(
  env: NodeJS.ProcessEnv,
  publicUrl: string | undefined,
): PartitionOptions | undefined {
  const id = env.CALLING_PARTITION?.trim();
  const peers = pairs('CALLING_PARTITIONS', env.CALLING_PARTITIONS);
  if (!id) {
    if (peers) {
      throw new InvalidSettingError(
        "CALLING_PARTITION must name this instance's partition when CALLING_PARTITIONS is set",
      );
    }
    return undefined;
  }
  if (publicUrl === undefined) {
    throw new InvalidSettingError(
      "CALLING_PUBLIC_URL must be set when CALLING_PARTITION is: the partition's callback URI is built on it",
    );
  }
  return { id, publicUrl, peers: peers ?? {} };
}

/**
 * The routing settings of the sample bot: public URL, region affinity (by tenant), partition,
 * body limit. Their values are validated by the module at start-up. Without
 * `CALLING_PUBLIC_URL` the bot gives no callback URI, as the library does by default: Graph then
 * uses the bot's registered webhook (a `localhost` one would be a URL Graph cannot reach).
 */
export function readRoutingSettings(
  env: NodeJS.ProcessEnv,
): Pick<
  CallingWebhookOptions,
  'publicUrl' | 'regionAffinity' | 'partition' | 'bodyLimit'
> {
  const publicUrl = env.CALLING_PUBLIC_URL?.trim() || undefined;
  return {
    publicUrl,
    regionAffinity: regionAffinity(env),
    partition: partition(env, publicUrl),
    bodyLimit: env.CALLING_BODY_LIMIT?.trim() || undefined,
  };
}
