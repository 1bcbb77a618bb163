import type { INestApplication } from '@nestjs/common';
import {
  CallParticipants,
  GraphCallError,
  type CallControl,
} from 'nestjs-calling-webhook';
import type { App } from 'supertest/types.js';
import {
  controlOptions,
  startControlApp,
  startControlKit,
  TENANT_A,
  type ControlKit,
} from './support/control-kit.js';

// Each request body is the v1.0 reference's example for the action, field for field.
const CALL_ID = '57dab8b1-894c-409a-b240-bd8beae78896';
const CALL = { callId: CALL_ID, tenantId: TENANT_A };
const PARTICIPANT = '2765eb15-01f8-47c6-b12b-c32111a4a86f';
const UUID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('CallControl: the rest of v1.0 call control, bodies as in the reference', () => {
  let kit: ControlKit;
  let app: INestApplication<App>;
  let calls: CallControl;
  beforeAll(async () => {
    kit = await startControlKit();
    ({ app, calls } = await startControlApp(kit, controlOptions(kit)));
  });
  afterAll(async () => {
    await app.close();
    await kit.close();
  });
  beforeEach(() => {
    kit.graph.reset();
    kit.graph.addCall(CALL_ID, TENANT_A, {
      others: [
        {
          id: PARTICIPANT,
          kind: 'user',
          identity: { id: 'bob', displayName: 'Bob' },
        },
      ],
    });
  });

  const only = (action: string) => {
    const recorded = kit.graph.requestsFor(action);
    expect(recorded).toHaveLength(1);
    return recorded[0];
  };

  it('records a response (call-record page), returning the running operation and its clientContext', async () => {
    const operation = await calls.recordResponse(CALL, {
      bargeInAllowed: true,
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      prompts: [
        {
          mediaInfo: {
            uri: 'https://cdn.contoso.com/beep.wav',
            resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E',
          },
        },
      ],
      maxRecordDurationInSeconds: 10,
      initialSilenceTimeoutInSeconds: 5,
      maxSilenceTimeoutInSeconds: 2,
      playBeep: true,
      stopTones: ['#', '1', '*'],
    });
    const sent = only('recordResponse');
    expect(sent.path).toBe(`/communications/calls/${CALL_ID}/recordResponse`);
    expect(sent.body).toEqual({
      bargeInAllowed: true,
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      prompts: [
        {
          '@odata.type': '#microsoft.graph.mediaPrompt',
          mediaInfo: {
            '@odata.type': '#microsoft.graph.mediaInfo',
            uri: 'https://cdn.contoso.com/beep.wav',
            resourceId: '1D6DE2D4-CD51-4309-8DAA-70768651088E',
          },
        },
      ],
      maxRecordDurationInSeconds: 10,
      initialSilenceTimeoutInSeconds: 5,
      maxSilenceTimeoutInSeconds: 2,
      playBeep: true,
      stopTones: ['#', '1', '*'],
    });
    expect(sent.status).toBe(200);
    expect(operation).toMatchObject({
      '@odata.type': '#microsoft.graph.recordOperation',
      status: 'running',
      recordingLocation: null,
      clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
    });
    expect(operation.id).toMatch(UUID);
  });

  it('sends only a fresh clientContext when nothing else is asked (recordResponse, cancel, mute, unmute)', async () => {
    const results = [
      await calls.recordResponse(CALL),
      await calls.cancelMediaProcessing(CALL),
      await calls.mute(CALL),
      await calls.unmute(CALL),
    ];
    const sent = [
      'recordResponse',
      'cancelMediaProcessing',
      'mute',
      'unmute',
    ].map(only);
    for (const [i, request] of sent.entries()) {
      expect(request.body).toEqual({ clientContext: results[i].clientContext });
      expect(results[i].clientContext).toMatch(UUID);
    }
    expect(new Set(results.map((r) => r.clientContext)).size).toBe(4);
    expect(results.map((r) => [r['@odata.type'], r.status])).toEqual([
      ['#microsoft.graph.recordOperation', 'running'],
      ['#microsoft.graph.cancelMediaProcessingOperation', 'completed'],
      ['#microsoft.graph.muteParticipantOperation', 'completed'],
      ['#microsoft.graph.unmuteParticipantOperation', 'completed'],
    ]);
  });

  it('sends DTMF tones (call-senddtmftones page)', async () => {
    const operation = await calls.sendDtmfTones(CALL, {
      tones: ['tone1', 'tone2', 'tone3', 'star', 'pound'],
      delayBetweenTonesMs: 1000,
      clientContext: 'e0be71f1-a14f-4cec-b65a-e7aba5db7c53',
    });
    expect(only('sendDtmfTones').body).toEqual({
      tones: ['tone1', 'tone2', 'tone3', 'star', 'pound'],
      delayBetweenTonesMs: 1000,
      clientContext: 'e0be71f1-a14f-4cec-b65a-e7aba5db7c53',
    });
    expect(operation).toMatchObject({
      '@odata.type': '#microsoft.graph.sendDtmfTonesOperation',
      status: 'running',
    });
    await expect(calls.sendDtmfTones(CALL, { tones: [] })).rejects.toThrow(
      /tones must name at least one tone/,
    );
  });

  it('updates the recording status (call-updaterecordingstatus page)', async () => {
    await calls.updateRecordingStatus(CALL, {
      status: 'recording',
      clientContext: 'clientContext-value',
    });
    expect(only('updateRecordingStatus').body).toEqual({
      clientContext: 'clientContext-value',
      status: 'recording',
    });
  });

  it('keeps the call alive: POST .../keepAlive without a body, Graph answering 200 without one', async () => {
    await calls.keepAlive(CALL);
    await calls.keepAlive(CALL);
    const sent = kit.graph.requestsFor('keepAlive');
    expect(sent.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', `/communications/calls/${CALL_ID}/keepAlive`, 200],
      ['POST', `/communications/calls/${CALL_ID}/keepAlive`, 200],
    ]);
    expect(sent[0].body).toBeUndefined();
    expect(sent[0].headers['content-type']).toBeUndefined();
    expect(kit.graph.calls.get(CALL_ID)?.keepAlives).toHaveLength(2);
  });

  it('a keepAlive for a call that ended is a GraphCallError 404: the call is gone', async () => {
    await calls.hangUp(CALL);
    const error = await calls.keepAlive(CALL).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphCallError);
    expect((error as GraphCallError).status).toBe(404);
    expect((error as GraphCallError).attempts).toBe(1);
  });

  it('reads the call (GET /communications/calls/{id})', async () => {
    const call = await calls.get(CALL);
    expect(only('get')).toMatchObject({
      method: 'GET',
      status: 200,
      body: undefined,
    });
    expect(call).toMatchObject({
      '@odata.type': '#microsoft.graph.call',
      id: CALL_ID,
      state: 'incoming',
      direction: 'incoming',
      tenantId: TENANT_A,
    });
  });

  it('transfers consultatively: transferTarget.replacesCallId (call-transfer example 2)', async () => {
    await calls.transfer(CALL, {
      transferTarget: {
        endpointType: 'default',
        identity: {
          user: {
            id: '550fae72-d251-43ec-868c-373732c2704f',
            displayName: 'Heidi Steen',
          },
        },
        replacesCallId: 'e5d39592-99bd-4db8-bca8-30fb894ec51d',
      },
    });
    expect(only('transfer').body).toEqual({
      transferTarget: {
        '@odata.type': '#microsoft.graph.invitationParticipantInfo',
        endpointType: 'default',
        identity: {
          user: {
            id: '550fae72-d251-43ec-868c-373732c2704f',
            displayName: 'Heidi Steen',
          },
        },
        replacesCallId: 'e5d39592-99bd-4db8-bca8-30fb894ec51d',
      },
    });
    await expect(
      calls.transfer(CALL, {
        transferTarget: {
          identity: { user: { id: 'x' } },
          replacesCallId: '..',
        },
      }),
    ).rejects.toThrow(/replacesCallId/);
    expect(kit.graph.requestsFor('transfer')).toHaveLength(1);
  });

  it('refuses a clientContext Graph would refuse (over 256 characters), before any request', async () => {
    await expect(
      calls.playPrompt(CALL, {
        prompts: [{ mediaInfo: { uri: 'https://cdn.contoso.com/a.wav' } }],
        clientContext: 'x'.repeat(257),
      }),
    ).rejects.toThrow(/clientContext must be a string of 1 to 256/);
    expect(kit.graph.requests).toHaveLength(0);
  });

  describe('participants', () => {
    let participants: CallParticipants;
    beforeAll(() => {
      participants = app.get(CallParticipants);
      expect(calls.participants).toBe(participants);
    });

    it('lists the roster (GET .../participants)', async () => {
      const roster = await participants.list(CALL);
      expect(only('listParticipants').path).toBe(
        `/communications/calls/${CALL_ID}/participants`,
      );
      expect(roster.map((p) => p.id)).toContain(PARTICIPANT);
      expect(roster[0]).toMatchObject({
        '@odata.type': '#microsoft.graph.participant',
        info: { identity: { user: { id: 'bob', displayName: 'Bob' } } },
        isMuted: false,
      });
    });

    it('invites (participant-invite example 1)', async () => {
      const operation = await participants.invite(CALL, {
        participants: [
          {
            replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
            identity: {
              user: {
                id: '278405a3-f568-4b3e-b684-009193463064',
                identityProvider: 'AAD',
              },
            },
          },
        ],
        clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
      });
      const sent = only('invite');
      expect(sent.path).toBe(
        `/communications/calls/${CALL_ID}/participants/invite`,
      );
      expect(sent.body).toEqual({
        participants: [
          {
            '@odata.type': '#microsoft.graph.invitationParticipantInfo',
            replacesCallId: 'a7ebfb2d-871e-419c-87af-27290b22e8db',
            identity: {
              user: {
                id: '278405a3-f568-4b3e-b684-009193463064',
                identityProvider: 'AAD',
              },
            },
          },
        ],
        clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
      });
      expect(operation).toMatchObject({
        '@odata.type': '#microsoft.graph.inviteParticipantsOperation',
        status: 'running',
        clientContext: 'f2fa86af-3c51-4bc2-8fc0-475452d9764f',
      });
      await expect(
        participants.invite(CALL, { participants: [] }),
      ).rejects.toThrow(/at least one participant/);
    });

    it('mutes one (participant-mute page), and the roster says so', async () => {
      const operation = await participants.mute(CALL, PARTICIPANT, {
        clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      });
      const sent = only('muteParticipant');
      expect(sent.path).toBe(
        `/communications/calls/${CALL_ID}/participants/${PARTICIPANT}/mute`,
      );
      expect(sent.body).toEqual({
        clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      });
      expect(operation.status).toBe('completed');
      const roster = await participants.list(CALL);
      expect(roster.find((p) => p.id === PARTICIPANT)?.isMuted).toBe(true);
    });

    it('puts one on hold with music and takes them off (startHoldMusic, stopHoldMusic pages)', async () => {
      const started = await participants.startHoldMusic(CALL, PARTICIPANT, {
        customPrompt: {
          mediaInfo: { uri: 'https://bot.contoso.com/onHold.wav' },
        },
        clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      });
      const stopped = await participants.stopHoldMusic(CALL, PARTICIPANT);
      // The bodies whole, as the v1.0 pages show them: nothing more is sent.
      expect(only('startHoldMusic').status).toBe(202);
      expect(only('startHoldMusic').body).toEqual({
        customPrompt: {
          '@odata.type': '#microsoft.graph.mediaPrompt',
          mediaInfo: {
            '@odata.type': '#microsoft.graph.mediaInfo',
            uri: 'https://bot.contoso.com/onHold.wav',
          },
        },
        clientContext: 'd45324c1-fcb5-430a-902c-f20af696537c',
      });
      expect(only('stopHoldMusic').status).toBe(202);
      expect(only('stopHoldMusic').body).toEqual({
        clientContext: stopped.clientContext,
      });
      expect([started.status, stopped.status]).toEqual(['running', 'running']);
    });

    it('removes one (DELETE .../participants/{id}, 204)', async () => {
      await participants.remove(CALL, PARTICIPANT);
      expect(only('removeParticipant')).toMatchObject({
        method: 'DELETE',
        path: `/communications/calls/${CALL_ID}/participants/${PARTICIPANT}`,
        status: 204,
        body: undefined,
      });
      const error = await participants
        .remove(CALL, PARTICIPANT)
        .catch((e: unknown) => e);
      expect((error as GraphCallError).status).toBe(404);
    });

    it('refuses a participant id that is not one, before any request', async () => {
      // `..` would make .../participants/../mute mute the bot itself.
      for (const id of ['', '.', '..', 'a/b'])
        await expect(participants.mute(CALL, id)).rejects.toThrow(
          /participant id/,
        );
      await expect(participants.remove(CALL, '..')).rejects.toThrow(TypeError);
      expect(kit.graph.requests).toHaveLength(0);
    });
  });
});
