import {
  IsNotEmpty,
  IsOptional,
  IsString,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/** The envelope rules of one item of `value[]`; everything else in it is passed on as it came. */
export class CommsNotificationDto {
  @IsString({ message: 'changeType must be a string' })
  @IsNotEmpty({ message: 'changeType must not be empty' })
  changeType: unknown;

  // Newer items carry `resourceUrl`, older ones only `resource`, some both: one is enough.
  @ValidateIf(
    (item: CommsNotificationDto) =>
      item.resourceUrl != null || item.resource == null,
  )
  @IsString({ message: 'resourceUrl (or the older resource) must be a string' })
  @IsNotEmpty({ message: 'resourceUrl must not be empty' })
  resourceUrl: unknown;

  @ValidateIf((item: CommsNotificationDto) => item.resource != null)
  @IsString({ message: 'resource must be a string' })
  resource: unknown;

  @IsOptional()
  @ValidateBy({
    name: 'isObjectOrArray',
    validator: {
      validate: (value: unknown) => typeof value === 'object',
      defaultMessage: () => 'resourceData must be an object or an array',
    },
  })
  resourceData: unknown;
}
