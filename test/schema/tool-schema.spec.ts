import { toStandardJsonSchema } from '@valibot/to-json-schema';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min, ValidateNested } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createToolSchema } from '../../lib/schema/tool-schema.factory.js';

class AddressDto {
  @IsString()
  @JSONSchema({ description: 'Street and number.' })
  street!: string;

  @IsString()
  city!: string;
}

class CreateOrderDto {
  @IsString()
  @JSONSchema({ description: 'Catalogue id of the product.' })
  sku!: string;

  @IsInt()
  @Min(1)
  @Max(10)
  quantity = 1;

  @IsIn(['standard', 'express'])
  shipping!: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

const zodOrder = z.object({
  sku: z.string().describe('Catalogue id of the product.'),
  quantity: z.number().int().min(1).max(10).default(1),
  shipping: z.enum(['standard', 'express']),
  tags: z.array(z.string()).optional(),
});

const valibotOrder = toStandardJsonSchema(
  v.object({
    sku: v.pipe(v.string(), v.description('Catalogue id of the product.')),
    quantity: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10)), 1),
    shipping: v.picklist(['standard', 'express']),
  }),
);

const jsonOrder = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    sku: { type: 'string', description: 'Catalogue id of the product.' },
    quantity: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
    shipping: { type: 'string', enum: ['standard', 'express'] },
    address: { $ref: '#/definitions/Address' },
  },
  required: ['sku', 'shipping'],
  definitions: {
    Address: {
      type: 'object',
      properties: { street: { type: 'string' }, city: { type: 'string' } },
      required: ['street', 'city'],
    },
  },
};

describe('JSON Schema emitted for each flavour (the snapshot of what the model is shown)', () => {
  it('class-validator DTO, nested DTO inlined', () => {
    expect(createToolSchema(CreateOrderDto, 'create_order').jsonSchema).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string', description: 'Catalogue id of the product.' },
        quantity: { type: 'integer', minimum: 1, maximum: 10 },
        shipping: { type: 'string', enum: ['standard', 'express'] },
        address: {
          type: 'object',
          properties: { street: { type: 'string', description: 'Street and number.' }, city: { type: 'string' } },
          required: ['street', 'city'],
        },
      },
      required: ['sku', 'quantity', 'shipping'],
    });
  });

  it('zod 4', () => {
    expect(createToolSchema(zodOrder, 'create_order').jsonSchema).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string', description: 'Catalogue id of the product.' },
        quantity: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        shipping: { type: 'string', enum: ['standard', 'express'] },
        tags: { type: 'array', items: { type: 'string' } },
      },
      required: ['sku', 'shipping'],
    });
  });

  it('valibot through toStandardJsonSchema', () => {
    expect(createToolSchema(valibotOrder, 'create_order').jsonSchema).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string', description: 'Catalogue id of the product.' },
        quantity: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        shipping: { type: 'string', enum: ['standard', 'express'] },
      },
      required: ['sku', 'shipping'],
    });
  });

  it('raw JSON Schema: $schema dropped, $ref inlined', () => {
    expect(createToolSchema(jsonOrder, 'create_order').jsonSchema).toEqual({
      type: 'object',
      properties: {
        sku: { type: 'string', description: 'Catalogue id of the product.' },
        quantity: { type: 'integer', minimum: 1, maximum: 10, default: 1 },
        shipping: { type: 'string', enum: ['standard', 'express'] },
        address: {
          type: 'object',
          properties: { street: { type: 'string' }, city: { type: 'string' } },
          required: ['street', 'city'],
        },
      },
      required: ['sku', 'shipping'],
    });
  });

  it('never emits $ref or $schema', () => {
    for (const parameters of [CreateOrderDto, zodOrder, valibotOrder, jsonOrder]) {
      expect(JSON.stringify(createToolSchema(parameters, 'x').jsonSchema)).not.toMatch(/\$ref|\$schema|definitions|\$defs/);
    }
  });
});

describe('DTO and JSON Schema edge cases', () => {
  it('describes a DTO by its own class, not another of the same name', () => {
    const first = (() => {
      class LookupDto {
        @IsString()
        id!: string;
      }
      return LookupDto;
    })();
    const second = (() => {
      class LookupDto {
        @IsInt()
        count!: number;
      }
      return LookupDto;
    })();
    expect(createToolSchema(first, 'a').jsonSchema).toEqual({ type: 'object', properties: { id: { type: 'string' } }, required: ['id'] });
    expect(createToolSchema(second, 'b').jsonSchema).toEqual({ type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] });
  });

  it('describes a DTO that only inherits its decorated properties', () => {
    class ReorderDto extends AddressDto {}
    expect(createToolSchema(ReorderDto, 'reorder').jsonSchema).toEqual({
      type: 'object',
      properties: { street: { type: 'string', description: 'Street and number.' }, city: { type: 'string' } },
      required: ['street', 'city'],
    });
  });

  it('keeps properties named like the keywords it drops', () => {
    const schema = {
      type: 'object',
      properties: { definitions: { type: 'string' }, $id: { type: 'string' }, $comment: { type: 'string' } },
      required: ['definitions', '$id'],
      $comment: 'dropped',
    };
    const tool = createToolSchema(schema, 'glossary');
    expect(tool.jsonSchema).toEqual({
      type: 'object',
      properties: { definitions: { type: 'string' }, $id: { type: 'string' }, $comment: { type: 'string' } },
      required: ['definitions', '$id'],
    });
    expect(tool.validate({ definitions: 'a' })).toEqual({ ok: false, issues: [{ path: '$id', message: 'is required' }] });
  });
});

describe('validation', () => {
  it.each([
    ['DTO', CreateOrderDto],
    ['zod', zodOrder],
    ['valibot', valibotOrder],
    ['JSON Schema', jsonOrder],
  ] as const)('%s: applies defaults and returns the parsed value', async (_, parameters) => {
    const result = await createToolSchema(parameters, 'create_order').validate({ sku: 'bike', shipping: 'express' });
    expect(result).toMatchObject({ ok: true, value: { sku: 'bike', shipping: 'express', quantity: 1 } });
  });

  it('DTO: gives the tool a DTO instance, unknown fields stripped', async () => {
    const result = await createToolSchema(CreateOrderDto, 'x').validate({ sku: 'a', shipping: 'standard', admin: true });
    expect(result.ok && result.value).toBeInstanceOf(CreateOrderDto);
    expect(result.ok && result.value).not.toHaveProperty('admin');
  });

  it('DTO: names each field, nested ones by path', async () => {
    const result = await createToolSchema(CreateOrderDto, 'x').validate({
      sku: 7,
      quantity: 0,
      shipping: 'drone',
      address: { street: 'Main 1' },
    });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'sku', message: 'must be a string' },
        { path: 'quantity', message: 'must not be less than 1' },
        { path: 'shipping', message: 'must be one of the following values: standard, express' },
        { path: 'address.city', message: 'must be a string' },
      ],
    });
  });

  it('zod: names each field', async () => {
    const result = await createToolSchema(zodOrder, 'x').validate({ sku: 7, quantity: 11, shipping: 'drone', tags: ['a', 2] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual(['sku', 'quantity', 'shipping', 'tags.1']);
    expect(!result.ok && result.issues[0].message).toMatch(/expected string/);
  });

  it('valibot: names each field', async () => {
    const result = await createToolSchema(valibotOrder, 'x').validate({ quantity: 0, shipping: 'drone' });
    expect(!result.ok && result.issues.map((issue) => issue.path)).toEqual(['sku', 'quantity', 'shipping']);
  });

  it('JSON Schema: names each field with ajv\'s message and the allowed values', async () => {
    const result = await createToolSchema(jsonOrder, 'x').validate({ quantity: 'two', shipping: 'drone', address: {} });
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'sku', message: 'is required' },
        { path: 'quantity', message: 'must be integer' },
        { path: 'shipping', message: 'must be equal to one of the allowed values: "standard", "express"' },
        { path: 'address.street', message: 'is required' },
        { path: 'address.city', message: 'is required' },
      ],
    });
  });
});

describe('declaration errors', () => {
  it.each([
    ['a schema that is not an object', { type: 'string' }, 'x: parameters must describe an object (type "object"), got "string".'],
    ['a remote $ref', { type: 'object', properties: { a: { $ref: 'https://example.com/a.json' } } }, 'x: cannot inline "$ref": "https://example.com/a.json"'],
    ['a recursive $ref', { type: 'object', properties: { n: { $ref: '#/$defs/N' } }, $defs: { N: { type: 'object', properties: { n: { $ref: '#/$defs/N' } } } } }, 'x: recursive "$ref": "#/$defs/N"'],
    ['an invalid JSON Schema', { type: 'object', properties: { a: { type: 'strin' } } }, 'x: invalid JSON Schema'],
    ['a class without validation decorators', class Empty {
      readonly kind = 'empty';
    }, 'x: Empty has no class-validator decorators'],
    ['a valibot schema without JSON Schema support', v.object({ a: v.string() }), 'x: this valibot schema cannot describe itself as JSON Schema'],
    ['an array', [], 'x: parameters must be a class-validator DTO class, a Standard Schema or a JSON Schema object.'],
  ])('%s', (_, parameters, message) => {
    expect(() => createToolSchema(parameters as never, 'x')).toThrow(message);
  });
});
