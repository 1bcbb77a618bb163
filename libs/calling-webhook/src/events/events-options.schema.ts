import {
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateBy,
  validateSync,
} from 'class-validator';
import type { CallingWebhookOptions } from '../config/calling-webhook-options.interface.js';
import type { ResolvedCallEventsOptions } from './events-options.interface.js';

function isFunction(value: unknown): boolean {
  return typeof value === 'function';
}

/** class-validator rules for the events options. */
export class CallEventsOptionsSchema {
  @IsOptional()
  @IsIn(['afterHandlers', 'immediately'], {
    message: "acknowledge must be 'afterHandlers' or 'immediately'",
  })
  acknowledge: unknown;

  // The platform gives up after about 5 s; a budget near it risks a retry of a handled call.
  @IsOptional()
  @IsInt({
    message: 'acknowledgementBudgetMs must be a whole number of milliseconds',
  })
  @Min(0, { message: 'acknowledgementBudgetMs must not be negative' })
  @Max(30_000, { message: 'acknowledgementBudgetMs must be at most 30000' })
  acknowledgementBudgetMs: unknown;

  @IsOptional()
  @ValidateBy({
    name: 'isFunction',
    validator: {
      validate: isFunction,
      defaultMessage: () => 'onHandlerError must be a function',
    },
  })
  onHandlerError: unknown;

  @IsOptional()
  @ValidateBy({
    name: 'isDuplicateStore',
    validator: {
      validate: (store: unknown) =>
        typeof store === 'object' &&
        store !== null &&
        isFunction((store as Record<string, unknown>).has) &&
        isFunction((store as Record<string, unknown>).mark),
      defaultMessage: () =>
        'duplicateStore must be an object with has(key) and mark(key, ttlMs)',
    },
  })
  duplicateStore: unknown;

  @IsOptional()
  @IsInt({ message: 'duplicateTtlMs must be a whole number of milliseconds' })
  @Min(1, { message: 'duplicateTtlMs must be positive' })
  duplicateTtlMs: unknown;

  @IsOptional()
  @IsInt({ message: 'duplicateCacheSize must be a whole number' })
  @Min(1, { message: 'duplicateCacheSize must be at least 1' })
  duplicateCacheSize: unknown;
}

/** One readable line per problem in the events options. */
export function eventsOptionProblems(
  options: Partial<CallingWebhookOptions>,
): string[] {
  const schema = new CallEventsOptionsSchema();
  schema.acknowledge = options.acknowledge;
  schema.acknowledgementBudgetMs = options.acknowledgementBudgetMs;
  schema.onHandlerError = options.onHandlerError;
  schema.duplicateStore = options.duplicateStore;
  schema.duplicateTtlMs = options.duplicateTtlMs;
  schema.duplicateCacheSize = options.duplicateCacheSize;
  return validateSync(schema, { forbidUnknownValues: false }).flatMap((error) =>
    Object.values(error.constraints ?? {}),
  );
}

/** The events options with their defaults. */
export function resolveEventsOptions(
  options: Partial<CallingWebhookOptions>,
): ResolvedCallEventsOptions {
  return {
    acknowledge: options.acknowledge ?? 'afterHandlers',
    acknowledgementBudgetMs: options.acknowledgementBudgetMs ?? 4_000,
    onHandlerError: options.onHandlerError,
    duplicateStore: options.duplicateStore,
    duplicateTtlMs: options.duplicateTtlMs ?? 900_000,
    duplicateCacheSize: options.duplicateCacheSize ?? 10_000,
  };
}
