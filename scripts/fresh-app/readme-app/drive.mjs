// Copied into the fresh app and imported from there, so that `nestjs-calling-webhook/testing`
// resolves to the installed tarball (through its `exports`), not to the monorepo's sources.
import {
  BAD_TOKEN_KINDS,
  LocalCallingPlatform,
} from 'nestjs-calling-webhook/testing';

// A JWT (header and payload segments start with `{"`): none may ever show up in the app's output.
const JWT = /eyJ[\w-]{8,}\.eyJ[\w-]{8,}/;

/** Starts the local calling platform and gives the environment that points the app at it. */
export async function startPlatform() {
  const platform = await LocalCallingPlatform.start();
  // The app is configured through its environment (which cannot carry an http client): it
  // trusts the local authority's self-signed certificate through NODE_EXTRA_CA_CERTS.
  return { platform, env: await platform.environment() };
}

/**
 * Plays what a user's bot meets first: bad tokens refused, then a full call placed by the
 * platform (legacy body 204, Graph body 202, the handler answering through Graph, the call
 * established), checked through the platform and through the app's own log line.
 */
export async function drive(platform, { url, output, waitFor, check }) {
  const anonymous = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"value":[]}',
  });
  check(anonymous.status === 401, `no token: 401 (got ${anonymous.status})`);
  const challenge = anonymous.headers.get('www-authenticate') ?? '';
  check(
    challenge.startsWith('Bearer'),
    `no token: WWW-Authenticate Bearer (got "${challenge}")`,
  );

  const sender = platform.sender();
  const refusedWith = [];
  for (const kind of BAD_TOKEN_KINDS) {
    const result = await sender.deliver(
      url,
      { value: [] },
      { token: platform.badToken(kind) },
    );
    if (result.status !== 401) refusedWith.push(`${kind} ${result.status}`);
  }
  check(
    refusedWith.length === 0,
    `every bad token (${BAD_TOKEN_KINDS.length} kinds) refused with 401 (not: ${refusedWith.join(', ') || 'none'})`,
  );
  check(
    platform.graph.requests.length === 0,
    `no Graph request after refused tokens (got ${platform.graph.requests.length})`,
  );

  const call = await platform.placeCall({ target: url });
  const hops = call.deliveries[0].result.hops
    .map((hop) => `${hop.format} ${hop.status}`)
    .join(', ');
  check(
    hops === 'legacy 204, graph 202',
    `incoming call, legacy first: "legacy 204, graph 202" (got "${hops}")`,
  );
  // The generated handler logs the call id as a field, which ConsoleLogger's text mode prints
  // after the message.
  await waitFor(
    () =>
      output()
        .split('\n')
        .some(
          (line) =>
            line.includes('[CallHandlers] Incoming call (tenant ') &&
            line.includes(`callId: '${call.id}'`),
        ),
    'the @OnIncomingCall() handler logs the call, its id as a field',
  );
  const answer = await call.answered();
  check(
    answer.tokenTenantId === call.tenantId,
    `answered through CallControl with an app token of the caller's tenant`,
  );
  const established = await call.established();
  check(
    established.accepted,
    `the platform posts establishing then established: accepted (${established.result.status})`,
  );
  await call.hangUp();
  const terminated = await call.terminated();
  check(
    terminated.accepted,
    `the caller hangs up: terminated accepted (${terminated.result.status})`,
  );
  await call.idle();
  const refused = call.deliveries
    .filter((delivery) => !delivery.accepted)
    .map((d) => `${d.what} ${d.result.status}`);
  check(
    refused.length === 0,
    `every notification of the call accepted (refused: ${refused.join(', ') || 'none'})`,
  );

  check(!JWT.test(output()), "no token in the app's output");
}
