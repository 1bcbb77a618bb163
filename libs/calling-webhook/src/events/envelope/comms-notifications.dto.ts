import { IsArray, ValidateNested } from 'class-validator';

/** The envelope of a Graph notification body (`#microsoft.graph.commsNotifications`). */
export class CommsNotificationsDto {
  @IsArray({ message: 'value must be an array of notifications' })
  @ValidateNested({
    each: true,
    message: 'each notification in value must be an object',
  })
  // Items are `CommsNotificationDto` instances built by hand, or whatever non-object came.
  value: unknown[];
}
