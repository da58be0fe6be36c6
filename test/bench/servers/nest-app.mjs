// A Nest app for the benchmarks: this module (BENCH_APP=navai) or a bare route answering the
// same JSON (BENCH_APP=bare), on the Express or the Fastify adapter (BENCH_ADAPTER).
import 'reflect-metadata';
import { Body, Controller, Get, HttpCode, Injectable, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { pathToFileURL } from 'node:url';
import { announce, bareResponses, sleep } from './shared.mjs';

const { BENCH_APP = 'navai', BENCH_ADAPTER = 'express', BENCH_BASE_DIR, BENCH_UPSTREAM, BENCH_DECORATED, BENCH_LIBRARY, BENCH_MAX_CALLS } = process.env;

/** Applies method decorators as TypeScript would, without a compile step. */
function decorate(target, method, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(target.prototype, method);
  Object.defineProperty(target.prototype, method, Reflect.decorate(decorators, target.prototype, method, descriptor) ?? descriptor);
}

// The library is imported only here, so the bare app does not load it (start-up, memory).
// BENCH_LIBRARY is the build to measure (the runner's copy of dist/, or a candidate build).
async function navaiModule() {
  const { NavaiModule, NavaiTool } = await import(BENCH_LIBRARY ? pathToFileURL(BENCH_LIBRARY).href : '../../../dist/esm/index.js');
  class BenchTools {
    echo(payload) {
      return payload.value;
    }

    async wait(payload) {
      await sleep(1);
      return payload.value;
    }
  }
  Reflect.decorate([Injectable()], BenchTools);
  decorate(BenchTools, 'echo', NavaiTool({ description: 'Returns the value it is given.' }));
  decorate(BenchTools, 'wait', NavaiTool({ description: 'Waits 1 ms, then returns the value.' }));
  const navai = NavaiModule.forRoot({
    apiKey: 'sk-bench',
    ...(BENCH_UPSTREAM && { baseUrl: BENCH_UPSTREAM }),
    functionsBaseDir: BENCH_BASE_DIR,
    ...(BENCH_MAX_CALLS && { maxConcurrentCalls: Number(BENCH_MAX_CALLS) }),
  });
  return { imports: [navai], providers: BENCH_DECORATED ? [BenchTools] : [] };
}

function bareModule() {
  const responses = bareResponses();
  class BareController {
    list() {
      return responses.list;
    }

    execute(body) {
      return responses.execute(body);
    }

    clientSecret() {
      return responses.clientSecret();
    }
  }
  Reflect.decorate([Controller()], BareController);
  decorate(BareController, 'list', Get('/navai/functions'));
  decorate(BareController, 'execute', Post('/navai/functions/execute'), HttpCode(200));
  decorate(BareController, 'clientSecret', Post('/navai/realtime/client-secret'), HttpCode(200));
  Body()(BareController.prototype, 'execute', 0);
  return { controllers: [BareController] };
}

// oxlint-disable-next-line typescript/no-extraneous-class -- a Nest module class; @Module() is applied below
class AppModule {}
Reflect.decorate([Module(BENCH_APP === 'bare' ? bareModule() : await navaiModule())], AppModule);

async function adapter() {
  if (BENCH_ADAPTER !== 'fastify') return undefined;
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  return new FastifyAdapter();
}

const options = { logger: ['error', 'warn'] };
const fastify = await adapter();
const app = fastify ? await NestFactory.create(AppModule, fastify, options) : await NestFactory.create(AppModule, options);
await app.listen(0, '127.0.0.1');
announce(app.getHttpServer().address().port);
// With --expose-gc, the runner can ask for a full collection before it reads RSS.
if (globalThis.gc) {
  process.on('message', (message) => {
    if (message !== 'gc') return;
    globalThis.gc();
    process.send({ gc: true });
  });
}
