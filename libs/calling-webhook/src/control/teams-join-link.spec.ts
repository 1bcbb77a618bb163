import { parseTeamsJoinLink } from './teams-join-link.js';
import { TeamsJoinLinkError } from './teams-join-link.error.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ORGANIZER = '550fae72-d251-43ec-868c-373732c2704f';
const THREAD =
  '19:meeting_MDQzYmJlMDctMWJiZS00OGExLTlmYjUtZTczNzVhZGM1OTQx@thread.v2';

// As Teams writes it into an invitation: the thread and the context URL-encoded.
const meetupJoin = (context: string, thread = THREAD, message = '0') =>
  `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(thread)}/${message}?context=${encodeURIComponent(context)}`;

const failure = (link: string) => {
  try {
    parseTeamsJoinLink(link);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the link to be refused');
};

describe('parseTeamsJoinLink', () => {
  it('reads a meetup-join link: thread, message, organizer and tenant', () => {
    expect(
      parseTeamsJoinLink(
        meetupJoin(JSON.stringify({ Tid: TENANT, Oid: ORGANIZER })),
      ),
    ).toEqual({
      kind: 'meetup-join',
      threadId: THREAD,
      messageId: '0',
      replyChainMessageId: undefined,
      organizerId: ORGANIZER,
      tenantId: TENANT,
    });
  });

  it('reads the link as the C# samples document it, decoded, with a reply chain', () => {
    const link = `https://teams.microsoft.com/l/meetup-join/19:cd9ce3da56624fe69c9d7cd026f9126d@thread.skype/1509579179399?context={"Tid":"${TENANT}","Oid":"${ORGANIZER}","MessageId":"1536978844957"}`;
    expect(parseTeamsJoinLink(link)).toMatchObject({
      threadId: '19:cd9ce3da56624fe69c9d7cd026f9126d@thread.skype',
      messageId: '1509579179399',
      replyChainMessageId: '1536978844957',
      tenantId: TENANT,
    });
  });

  it('leaves the tenant open when the context has none', () => {
    const link = meetupJoin(JSON.stringify({ Oid: ORGANIZER }));
    expect(parseTeamsJoinLink(link)).toMatchObject({ tenantId: undefined });
  });

  it('reads a /meet/ link: the join meeting id and the passcode, a literal + kept', () => {
    expect(
      parseTeamsJoinLink(
        'https://teams.microsoft.com/meet/2345678901234?p=Ab+c%26d',
      ),
    ).toEqual({
      kind: 'meet',
      joinMeetingId: '2345678901234',
      passcode: 'Ab+c&d',
    });
    expect(
      parseTeamsJoinLink('https://teams.microsoft.com/meet/2345678901234'),
    ).toEqual({
      kind: 'meet',
      joinMeetingId: '2345678901234',
      passcode: undefined,
    });
  });

  it('takes the government clouds and surrounding spaces', () => {
    expect(
      parseTeamsJoinLink(' https://gov.teams.microsoft.us/meet/123?p=x '),
    ).toMatchObject({ joinMeetingId: '123', passcode: 'x' });
  });

  it.each([
    ['', /empty/],
    ['teams.microsoft.com/meet/123', /absolute URL/],
    ['http://teams.microsoft.com/meet/123', /https link to a Teams host/],
    ['https://teams.evil.com/meet/123', /https link to a Teams host/],
    ['https://teams.microsoft.com.evil.com/meet/123', /Teams host/],
    [
      'https://teams.microsoft.com/l/channel/19%3Aabc%40thread.tacv2/General',
      /neither/,
    ],
    ['https://teams.microsoft.com/meet/12ab?p=x', /numeric meeting id/],
    ['https://teams.microsoft.com/meet/123/extra', /numeric meeting id/],
    [
      'https://teams.microsoft.com/l/meetup-join/19%3Ameeting_x%40thread.v2',
      /thread and a message/,
    ],
    [meetupJoin('{"Oid":"x"}', 'not-a-thread'), /thread id/],
    [meetupJoin(`{"Oid":"${ORGANIZER}"}`, THREAD, 'abc'), /message id/],
    [
      'https://teams.microsoft.com/l/meetup-join/19%3Ameeting_x%40thread.v2/0',
      /needs its context/,
    ],
    [meetupJoin('{"Tid":'), /not JSON/],
    [meetupJoin('["x"]'), /not a JSON object/],
    [meetupJoin(JSON.stringify({ Tid: TENANT })), /organizer id/],
    [meetupJoin(JSON.stringify({ Tid: '../x', Oid: ORGANIZER })), /tenant id/],
    [
      'https://teams.microsoft.com/l/meetup-join/19%3Ameeting_x%E0%40thread.v2/0',
      /malformed escape/,
    ],
  ])('refuses %j with a TeamsJoinLinkError that says why', (link, reason) => {
    const error = failure(link);
    expect(error).toBeInstanceOf(TeamsJoinLinkError);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(reason);
  });

  it('never repeats the link (it may hold a passcode) in its error', () => {
    const error = failure(
      'https://teams.microsoft.com/meet/12ab?p=secret-passcode',
    );
    expect(error.message).not.toContain('secret-passcode');
  });
});
