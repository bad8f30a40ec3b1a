// The facade's code tables must be exactly the C++ ones: parse result_code.cpp (code names) with
// result_code.h (numbers), and risk_limits.cpp/.h for limit and scope names.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { RESULT_CODES, RISK_LIMITS, RISK_SCOPES, resultCodeName } from './result-codes.js';

const source = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** `Name = 1001` entries of a C++ enum class body. */
function enumValues(header: string, enumName: string): Map<string, number> {
  const body = header.slice(header.indexOf(`enum class ${enumName}`));
  const block = body.slice(body.indexOf('{') + 1, body.indexOf('};')).replace(/\/\/.*$/gm, '');
  const values = new Map<string, number>();
  for (const match of block.matchAll(/(\w+)\s*=\s*(\d+)/g)) values.set(match[1]!, Number(match[2]));
  return values;
}

test('RESULT_CODES lists exactly the names and numbers of result_code.cpp / result_code.h', () => {
  const numbers = enumValues(source('include/kestrel/engine/result_code.h'), 'ResultCode');
  const fromCpp: Record<number, string> = {};
  for (const match of source('src/result_code.cpp').matchAll(/case ResultCode::(\w+): return "(\w+)";/g)) {
    const number = numbers.get(match[1]!);
    assert.ok(number !== undefined, `ResultCode::${match[1]} has no number in result_code.h`);
    fromCpp[number] = match[2]!;
  }
  assert.ok(Object.keys(fromCpp).length >= 45, 'the parser found the table');
  assert.equal(Object.keys(fromCpp).length, numbers.size, 'every enum value has a name in result_code.cpp');
  assert.deepEqual({ ...RESULT_CODES }, fromCpp);
  assert.equal(resultCodeName(2003), 'RISK_MAX_POSITION');
  assert.equal(resultCodeName(9999), 'UNKNOWN');
});

test('RISK_LIMITS and RISK_SCOPES follow risk_limits.cpp in enum order', () => {
  const header = source('include/kestrel/engine/risk_limits.h');
  const cpp = source('src/risk_limits.cpp');
  for (const [enumName, table] of [['RiskLimit', RISK_LIMITS], ['RiskScope', RISK_SCOPES]] as const) {
    const names = new Map<string, string>();
    for (const match of cpp.matchAll(new RegExp(`case ${enumName}::(\\w+): return "(\\w+)";`, 'g'))) names.set(match[1]!, match[2]!);
    const expected: string[] = [];
    for (const [member, number] of enumValues(header, enumName)) expected[number] = names.get(member)!;
    assert.deepEqual([...table], expected, enumName);
  }
});
