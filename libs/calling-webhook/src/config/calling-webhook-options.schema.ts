import {
  ArrayNotEmpty,
  IsArray,
  IsBoolean,
  IsDefined,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  Min,
  ValidateIf,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { isLoopbackHost } from './loopback-host.js';
import { parseUrl } from './parse-url.js';

/** True for an absolute URL that is `https`, or `http` on a loopback host (the local simulator). */
export function isSecureOrLoopbackUrl(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    url !== undefined &&
    (url.protocol === 'https:' ||
      (url.protocol === 'http:' && isLoopbackHost(url.hostname)))
  );
}

/**
 * class-validator rules for the module options, one decorator set per field, so that a bad
 * configuration stops the application with a message naming the option.
 */
export class CallingWebhookOptionsSchema {
  @IsDefined({
    message: "appId is required: set it to the bot's Microsoft App ID",
  })
  @ValidateIf((_, v) => !Array.isArray(v) || v.length > 0)
  @IsString({
    each: true,
    message: 'appId must be a string or an array of strings',
  })
  @IsNotEmpty({ each: true, message: 'appId must not be empty' })
  appId: unknown;

  @IsOptional()
  @ValidateIf((_, v) => v !== undefined)
  @IsString({ message: 'openIdConfigurationUrl must be a URL' })
  openIdConfigurationUrl: unknown;

  @IsOptional()
  @IsArray({ message: 'issuers must be an array of strings' })
  @ArrayNotEmpty({ message: 'issuers must not be empty' })
  @IsString({ each: true, message: 'issuers must be an array of strings' })
  @IsNotEmpty({
    each: true,
    message: 'issuers must not contain an empty string',
  })
  issuers: unknown;

  @IsOptional()
  @IsInt({ message: 'clockToleranceSeconds must be a whole number of seconds' })
  @Min(0, { message: 'clockToleranceSeconds must not be negative' })
  @Max(3600, { message: 'clockToleranceSeconds must be at most 3600' })
  clockToleranceSeconds: unknown;

  @IsOptional()
  @IsArray({ message: 'allowedTenants must be an array of tenant ids' })
  @IsString({
    each: true,
    message: 'allowedTenants must be an array of tenant ids',
  })
  allowedTenants: unknown;

  @IsOptional()
  @IsInt({
    message: 'keyRefreshIntervalMs must be a whole number of milliseconds',
  })
  @Min(1000, { message: 'keyRefreshIntervalMs must be at least 1000' })
  keyRefreshIntervalMs: unknown;

  @IsOptional()
  @IsInt({
    message: 'keyRefreshCooldownMs must be a whole number of milliseconds',
  })
  @Min(0, { message: 'keyRefreshCooldownMs must not be negative' })
  keyRefreshCooldownMs: unknown;

  @IsOptional()
  @IsInt({
    message: 'keyFetchTimeoutMs must be a whole number of milliseconds',
  })
  @Min(1, { message: 'keyFetchTimeoutMs must be positive' })
  @Max(60_000, { message: 'keyFetchTimeoutMs must be at most 60000' })
  keyFetchTimeoutMs: unknown;

  @IsOptional()
  @IsArray({ message: 'allowedJwksHosts must be an array of host names' })
  @IsString({
    each: true,
    message: 'allowedJwksHosts must be an array of host names',
  })
  allowedJwksHosts: unknown;

  @IsOptional()
  @IsInt({ message: 'verifiedTokenCacheSize must be a whole number' })
  @Min(0, { message: 'verifiedTokenCacheSize must not be negative' })
  verifiedTokenCacheSize: unknown;

  @IsOptional()
  @IsBoolean({ message: 'prefetchKeys must be true or false' })
  prefetchKeys: unknown;
}

/** Runs the schema over raw options; returns one readable line per problem. */
export function validateOptions(raw: object): string[] {
  const schema = Object.assign(new CallingWebhookOptionsSchema(), raw);
  const problems = validateSync(schema, { forbidUnknownValues: false }).flatMap(
    messagesOf,
  );
  if (
    schema.openIdConfigurationUrl !== undefined &&
    !isSecureOrLoopbackUrl(schema.openIdConfigurationUrl)
  ) {
    problems.push(
      'openIdConfigurationUrl must be an absolute https URL (http only on a loopback host)',
    );
  }
  if (Array.isArray(schema.appId) && schema.appId.length === 0) {
    problems.push('appId must name at least one App ID');
  }
  return problems;
}

function messagesOf(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {});
}
