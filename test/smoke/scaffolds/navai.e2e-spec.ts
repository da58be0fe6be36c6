import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from './../src/app.module';

// OPENAI_API_KEY and OPENAI_BASE_URL (a fake of OpenAI on loopback) come from the environment.
describe('Navai routes (e2e)', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleFixture = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleFixture.createNestApplication();
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('runs on the Node it was started with', () => {
    expect(process.versions.node.split('.')[0]).toBe(process.env.EXPECTED_NODE_MAJOR);
  });

  it('lists the decorated tool and the .ts folder tool', async () => {
    const res = await request(app.getHttpServer()).get('/navai/functions').expect(200);
    expect(res.body.items.map((item: { name: string; source: string }) => `${item.name} ${item.source}`)).toEqual([
      'greet GreeterService#greet',
      'echo src/ai/functions-modules/echo.ts#echo',
    ]);
    expect(res.body.warnings).toEqual([]);
  });

  it('runs both tools', async () => {
    const greet = await request(app.getHttpServer()).post('/navai/functions/execute').send({ function_name: 'greet', payload: { name: 'Ada' } });
    expect(greet.body).toEqual({ ok: true, function_name: 'greet', source: 'GreeterService#greet', result: 'Hello, Ada!' });
    const echo = await request(app.getHttpServer()).post('/navai/functions/execute').send({ function_name: 'echo', payload: { value: 'ping' } });
    expect(echo.body).toEqual({ ok: true, function_name: 'echo', source: 'src/ai/functions-modules/echo.ts#echo', result: { echoed: 'ping' } });
  });

  it('mints a client secret through the fake upstream', async () => {
    const res = await request(app.getHttpServer()).post('/navai/realtime/client-secret').send({}).expect(200);
    expect(res.body.value).toMatch(/^ek_/);
  });
});
