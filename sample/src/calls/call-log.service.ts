import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { RealtimeCallsService } from 'nestjs-navai';
import type { Subscription } from 'rxjs';

/** Logs what happens on the server-side calls: what was said, which tools ran, how each call ended. */
@Injectable()
export class CallLogService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Calls');
  private subscription?: Subscription;

  constructor(private readonly calls: RealtimeCallsService) {}

  onModuleInit(): void {
    this.subscription = this.calls.events.subscribe((event) => {
      if (event.type === 'transcript') this.logger.log(`${event.callId} ${event.role}: ${event.text}`);
      if (event.type === 'tool.called') this.logger.log(`${event.callId} ran ${event.name} (${event.ok ? 'ok' : event.code})`);
      if (event.type === 'call.ended') {
        this.logger.log(`${event.callId} ended (${event.reason}), ${event.usage.total_tokens} tokens`);
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
