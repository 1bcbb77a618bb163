/**
 * A Teams join link that `CallControl.joinMeeting` cannot use: neither a `meetup-join` link with
 * its context nor a `/meet/{id}` link. The message says why, never the link (it may carry a
 * passcode).
 */
export class TeamsJoinLinkError extends TypeError {
  constructor(reason: string) {
    super(`Not a usable Teams join link: ${reason}`);
    this.name = 'TeamsJoinLinkError';
  }
}
