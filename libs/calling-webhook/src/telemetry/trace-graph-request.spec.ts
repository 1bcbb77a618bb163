import {
  graphRequestMessage,
  graphRouteTemplate,
} from './trace-graph-request.js';

describe('graphRouteTemplate', () => {
  it.each([
    [
      '/communications/calls/57dab8b1-894c-409a-b240-bd8beae78896',
      '/v1.0/communications/calls/{id}',
    ],
    [
      '/communications/calls/57DAB8B1894C409AB240BD8BEAE78896/answer',
      '/v1.0/communications/calls/{id}/answer',
    ],
    [
      '/communications/calls/abc-1/participants/0e5e21c3-3e04-4d7d-b1a4-8c35d3ac2c5c/mute',
      '/v1.0/communications/calls/{id}/participants/{id}/mute',
    ],
    // An action after a collection is a word, not an id.
    [
      '/communications/calls/abc-1/participants/invite',
      '/v1.0/communications/calls/{id}/participants/invite',
    ],
    [
      '/communications/calls/abc-1/operations/11d8a5f5-2b4c-4a58-b6ff-b8a5a9e35c6e',
      '/v1.0/communications/calls/{id}/operations/{id}',
    ],
    ['/communications/calls', '/v1.0/communications/calls'],
  ])('%s is %s', (path, route) => {
    expect(graphRouteTemplate('/v1.0', path)).toBe(route);
  });
});

describe('graphRequestMessage', () => {
  it('names the server, the route and the call, never a query or a token', () => {
    expect(
      graphRequestMessage(
        new URL('https://graph.microsoft.com/v1.0'),
        'POST',
        '/communications/calls/call-1/playPrompt',
      ),
    ).toEqual({
      method: 'POST',
      url: 'https://graph.microsoft.com/v1.0/communications/calls/call-1/playPrompt',
      route: '/v1.0/communications/calls/{id}/playPrompt',
      serverAddress: 'graph.microsoft.com',
      serverPort: 443,
      callId: 'call-1',
      attempts: 0,
    });
  });
});
