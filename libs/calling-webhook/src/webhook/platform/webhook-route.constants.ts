/**
 * The metadata key `@RouteConfig()` of @nestjs/platform-fastify writes, which its adapter passes
 * to Fastify as the route's `config`. Written here so that the library does not depend on that
 * package; the Fastify end-to-end tests fail if the adapter stops reading it.
 */
export const FASTIFY_ROUTE_CONFIG = '__fastify_route_config__';

/** The key of the webhook routes' Fastify `config`; its value is the module's path, so each module's hooks act on its own route. */
export const WEBHOOK_ROUTE_MARK = 'nestjsCallingWebhook';

/** The metadata of the webhook route's handler: the module's path (how Express's gate finds its routes). */
export const WEBHOOK_ROUTE = 'nestjs-calling-webhook:route';
