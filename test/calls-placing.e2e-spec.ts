import { TeamsJoinLinkError, type CreatedCall } from 'nestjs-calling-webhook';
import type { OutboundCall } from 'nestjs-calling-webhook/testing';
import { startCallsBot, type CallsBot } from './support/calls-kit.js';
import { HTTP_PLATFORMS } from './support/http-adapters.js';

const ORGANIZER = '550fae72-d251-43ec-868c-373732c2704f';
const THREAD =
  '19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2';
const PROMPT = {
  prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/notice.wav' } }],
};

describe.each(HTTP_PLATFORMS)(
  'placed calls and meetings, end to end (%s)',
  (http) => {
    let bot: CallsBot;
    beforeAll(async () => {
      bot = await startCallsBot(http);
    });
    afterAll(async () => {
      await bot.close();
    });

    /** Places through `place`, then plays the call: a prompt awaited, the bot hangs up. */
    async function playThrough(
      place: () => Promise<CreatedCall>,
    ): Promise<{ created: CreatedCall; call: OutboundCall }> {
      const next = bot.platform.nextOutboundCall({ operationDurationMs: 50 });
      const created = await place();
      const call = await next;
      expect(call.id).toBe(created.callId);
      await call.established();
      expect(await bot.registry.get(created.callId)).toMatchObject({
        callId: created.callId,
        tenantId: created.tenantId,
        direction: 'outgoing',
        state: 'established',
        keepAlive: true,
      });
      const prompt = await bot.calls.playPrompt(created, PROMPT);
      await expect(prompt.completed()).resolves.toMatchObject({
        status: 'completed',
      });
      await bot.calls.hangUp(created);
      await call.terminated();
      expect(bot.log.of(created.callId)).toEqual(
        expect.arrayContaining([
          'stateChanged',
          'established',
          'participants',
          'operation',
          'terminated',
        ]),
      );
      expect(bot.log.count(created.callId, 'established')).toBe(1);
      expect((await bot.registry.get(created.callId))?.end?.reason).toBe(
        'hung up',
      );
      return { created, call };
    }

    it('calls a Teams user: registered, established, a prompt awaited, hung up', async () => {
      const callee = '112f7296-5fa4-42ca-bae8-6a692b15d4b8';
      const { call } = await playThrough(() =>
        bot.calls.create({
          tenantId: bot.platform.tenantId,
          targets: [{ identity: { user: { id: callee } } }],
        }),
      );
      expect(call.request).toMatchObject({
        targets: [{ identity: { user: { id: callee } } }],
      });
    });

    it('joins a meeting from its long (meetup-join) link, in the tenant the link names', async () => {
      const link = `https://teams.microsoft.com/l/meetup-join/${encodeURIComponent(THREAD)}/0?context=${encodeURIComponent(
        JSON.stringify({ Tid: bot.platform.tenantId, Oid: ORGANIZER }),
      )}`;
      const { created, call } = await playThrough(() =>
        bot.calls.joinMeeting({ joinLink: link }),
      );
      expect(created.tenantId).toBe(bot.platform.tenantId);
      expect(call.request).toMatchObject({ chatInfo: { threadId: THREAD } });
      const record = await bot.registry.get(created.callId);
      expect(
        Object.values(record?.participants ?? {}).map(
          (p) => p.info?.identity?.user?.id,
        ),
      ).toContain(ORGANIZER);
    });

    it('joins a meeting from its short (/meet/) link, in the tenant given beside it', async () => {
      const { created, call } = await playThrough(() =>
        bot.calls.joinMeeting({
          joinLink: 'https://teams.microsoft.com/meet/2237553445946?p=yK3bT5Lq',
          tenantId: bot.platform.tenantId,
        }),
      );
      expect(created.tenantId).toBe(bot.platform.tenantId);
      expect(call.request).toMatchObject({
        meetingInfo: {
          '@odata.type': '#microsoft.graph.joinMeetingIdMeetingInfo',
          joinMeetingId: '2237553445946',
          passcode: 'yK3bT5Lq',
        },
      });
    });

    it('refuses a link that is neither form before any request, and knows no call for it', async () => {
      const placed = bot.platform.outboundCalls.length;
      await expect(
        bot.calls.joinMeeting({
          joinLink: 'https://example.com/l/meetup-join/x',
          tenantId: bot.platform.tenantId,
        }),
      ).rejects.toBeInstanceOf(TeamsJoinLinkError);
      expect(bot.platform.outboundCalls).toHaveLength(placed);
    });
  },
);
