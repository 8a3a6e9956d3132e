/** A failure of an admin action that the user caused or can fix; the message is meant to be shown as it is. */
export class ServiceError extends Error {
  override name = 'ServiceError';
}
