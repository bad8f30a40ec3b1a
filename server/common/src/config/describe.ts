// Turns a leaf schema into the phrase that completes "<KEY> must be ...", so every config
// error reads the same way and services get good messages without writing any. A schema may
// override the phrase with an `expected` option when the derived one would be unclear (patterns).
import type { TSchema } from '@sinclair/typebox';
import { CONFIG_FORMATS } from './formats.js';

function range(kind: string, schema: TSchema): string {
  const min = schema.minimum as number | undefined;
  const max = schema.maximum as number | undefined;
  if (min !== undefined && max !== undefined) return `${kind} between ${min} and ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

/** What a valid value of `schema` looks like, in words. */
export function describeExpected(schema: TSchema): string {
  if (typeof schema.expected === 'string') return schema.expected;
  if (Array.isArray(schema.anyOf) && schema.anyOf.every((option: TSchema) => option.const !== undefined)) {
    return 'one of ' + schema.anyOf.map((option: TSchema) => String(option.const)).join(', ');
  }
  switch (schema.type) {
    case 'integer':
      return range('an integer', schema);
    case 'number':
      return range('a number', schema);
    case 'boolean':
      return 'true or false';
    case 'array': {
      const item = describeExpected(schema.items as TSchema);
      const count = typeof schema.minItems === 'number' && schema.minItems > 0 ? 'a non-empty ' : 'a ';
      return `${count}comma-separated list where each item is ${item}`;
    }
    case 'string': {
      const format = typeof schema.format === 'string' ? CONFIG_FORMATS[schema.format] : undefined;
      if (format) return format.expected;
      if (typeof schema.pattern === 'string') return `a string matching /${schema.pattern}/`;
      if (typeof schema.minLength === 'number' && schema.minLength > 0) return 'a non-empty string';
      return 'a string';
    }
    default:
      return 'a valid value';
  }
}
