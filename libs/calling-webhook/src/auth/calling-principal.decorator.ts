import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { CallingPrincipal as Principal } from './calling-principal.interface.js';

/** Injects the verified caller (`{ appId, tenantId, issuer, claims }`) into a route handler parameter. */
export const CallingPrincipal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): Principal | undefined =>
    context.switchToHttp().getRequest<Request>().user as Principal | undefined,
);

/** The verified caller of a request; the same name as the decorator, so one import gives both. */
export type CallingPrincipal = Principal;
