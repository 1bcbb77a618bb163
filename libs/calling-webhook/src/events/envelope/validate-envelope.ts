import { validateSync, type ValidationError } from 'class-validator';
import type { RawCommsNotification } from '../call-notification-event.interface.js';
import { CommsNotificationDto } from './comms-notification.dto.js';
import { CommsNotificationsDto } from './comms-notifications.dto.js';

/** The envelope is broken; `reason` is short and safe to answer with. */
export class InvalidNotificationEnvelopeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidNotificationEnvelopeError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One line per problem, prefixed with where it is (`value[2]: changeType must be a string`). */
function messagesOf(error: ValidationError, parent: string): string[] {
  const here = Object.values(error.constraints ?? {}).map((message) =>
    parent ? `${parent}: ${message}` : message,
  );
  const path = /^\d+$/.test(error.property)
    ? `${parent}[${error.property}]`
    : parent
      ? `${parent}.${error.property}`
      : error.property;
  const nested = (error.children ?? []).flatMap((child) =>
    messagesOf(child, path),
  );
  return [...here, ...nested];
}

/**
 * Copies only the checked fields: `Object.assign` of the whole item would let a JSON key
 * `__proto__` replace the DTO's prototype (hiding its rules) and a `constructor` key crash
 * class-validator (a 500 instead of a 400).
 */
export function dtoOf(item: Record<string, unknown>): CommsNotificationDto {
  const dto = new CommsNotificationDto();
  dto.changeType = item.changeType;
  dto.resourceUrl = item.resourceUrl;
  dto.resource = item.resource;
  dto.resourceData = item.resourceData;
  return dto;
}

/**
 * Exactly the rules of `CommsNotificationDto`, as plain checks: class-validator costs about 20 µs
 * per item on the hot path, so it only runs when this says no, to name the problems. A property
 * test holds the two to the same verdict on arbitrary items.
 */
export function isWellFormedNotification(item: unknown): boolean {
  if (!isRecord(item)) return false;
  const { changeType, resourceUrl, resource, resourceData } = item;
  if (typeof changeType !== 'string' || changeType === '') return false;
  if (resourceUrl != null || resource == null) {
    if (typeof resourceUrl !== 'string' || resourceUrl === '') return false;
  }
  if (resource != null && typeof resource !== 'string') return false;
  return resourceData == null || typeof resourceData === 'object';
}

/**
 * Checks the envelope with the DTOs (built by hand: no class-transformer) and returns its
 * notifications as they came. Throws `InvalidNotificationEnvelopeError` naming the first problems.
 */
export function validateEnvelope(body: unknown): RawCommsNotification[] {
  if (!isRecord(body)) {
    throw new InvalidNotificationEnvelopeError(
      'the body must be a JSON object with a value array',
    );
  }
  if (Array.isArray(body.value) && body.value.every(isWellFormedNotification)) {
    return body.value as RawCommsNotification[];
  }
  const envelope = new CommsNotificationsDto();
  envelope.value = Array.isArray(body.value)
    ? body.value.map((item: unknown) =>
        // class-validator would descend into a nested array as if it were the list itself.
        isRecord(item) ? dtoOf(item) : Array.isArray(item) ? null : item,
      )
    : (body.value as unknown[]);
  const errors = validateSync(envelope, { forbidUnknownValues: false });
  if (errors.length > 0) {
    const problems = errors.flatMap((error) => messagesOf(error, ''));
    throw new InvalidNotificationEnvelopeError(problems.slice(0, 3).join('; '));
  }
  return body.value as RawCommsNotification[];
}
