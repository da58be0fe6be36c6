import { Test } from '@nestjs/testing';
import { GreeterService } from './greeter.service';

// A @NavaiTool() method is a plain method: test it as one.
describe('GreeterService', () => {
  it('greets', async () => {
    const module = await Test.createTestingModule({ providers: [GreeterService] }).compile();
    expect(module.get(GreeterService).greet({ name: 'Ada' })).toBe('Hello, Ada!');
  });

  it('runs on the Node it was started with', () => {
    expect(process.versions.node.split('.')[0]).toBe(process.env.EXPECTED_NODE_MAJOR);
  });
});
