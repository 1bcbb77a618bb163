import type { INestApplication } from '@nestjs/common';
import { LocalOpenIdProvider } from 'nestjs-calling-webhook/testing';
import request from 'supertest';
import type { App } from 'supertest/types.js';
import { startWebhookApp } from './support/webhook-app.js';

describe('token guard (smoke)', () => {
  let provider: LocalOpenIdProvider;
  let app: INestApplication<App>;
  beforeAll(async () => {
    provider = await LocalOpenIdProvider.start();
    app = await startWebhookApp(provider);
  });
  afterAll(async () => {
    await app.close();
    await provider.close();
  });

  it('accepts a valid token', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/calls')
      .set('Authorization', `Bearer ${provider.mint()}`)
      .send({ value: [] });
    expect(res.status).toBe(202);
  });

  it('refuses no token', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/calls')
      .send({ value: [] });
    expect(res.status).toBe(401);
    console.log(res.headers['www-authenticate'], res.body);
  });
  it('refuses expired', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/calls')
      .set(
        'Authorization',
        `Bearer ${provider.mint({ claims: { exp: 1000 } })}`,
      )
      .send({ value: [] });
    expect(res.status).toBe(401);
    console.log(res.headers['www-authenticate'], res.body);
  });
});
