import { Injectable } from '@nestjs/common';
import { NavaiTool } from 'nestjs-navai';

@Injectable()
export class GreeterService {
  @NavaiTool({
    description: 'Greet someone by name.',
    parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
  })
  greet({ name }: { name: string }): string {
    return `Hello, ${name}!`;
  }
}
