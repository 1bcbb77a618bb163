import type { Call } from '@microsoft/microsoft-graph-types';
import type { CallingPrincipal } from '../auth/calling-principal.interface.js';
import type { CallReference } from '../control/call-reference.interface.js';
import type { CallEvent } from '../events/call-events.interface.js';

/** Who "sent" an event the module made, when no notification of the call was seen here. */
export const MODULE_ISSUER = 'nestjs-calling-webhook';

/** A principal for an event the module made about a call of `tenantId`, to `appId`. */
export function modulePrincipal(
  appId: string,
  tenantId: string,
): CallingPrincipal {
  return {
    appId,
    tenantId,
    issuer: MODULE_ISSUER,
    claims: { aud: appId, iss: MODULE_ISSUER, exp: 0, tid: tenantId },
  };
}

/**
 * The terminated event the module makes when a keepAlive is answered `404` (Graph no longer
 * knows the call, and no terminated notification may ever come): `changeType` `deleted`, state
 * `terminated`, `resultInfo` `404` (reason "not found"), a notification built to match, no
 * platform headers, and the principal of the call's last notification seen here (else one that
 * names the module as issuer).
 */
export function callGoneEvent(
  call: CallReference,
  principal: CallingPrincipal,
): CallEvent {
  const resourceUrl = `/communications/calls/${call.callId}`;
  const resource: Call = {
    '@odata.type': '#microsoft.graph.call',
    state: 'terminated',
    resultInfo: {
      code: 404,
      message: 'The call is gone: its keepAlive was answered 404 Not Found',
    },
  } as Call;
  return {
    kind: 'call',
    callId: call.callId,
    tenantId: call.tenantId,
    changeType: 'deleted',
    resourceUrl,
    odataType: '#microsoft.graph.call',
    resource,
    call: resource,
    state: 'terminated',
    tone: undefined,
    index: 0,
    notification: {
      '@odata.type': '#microsoft.graph.commsNotification',
      changeType: 'deleted',
      resourceUrl,
      resourceData: resource,
    },
    headers: {
      messageId: undefined,
      chainId: undefined,
      scenarioId: undefined,
      raw: {},
    },
    principal,
  };
}
