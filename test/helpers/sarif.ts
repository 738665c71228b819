/** A validator for the official SARIF 2.1.0 schema (test/fixtures/sarif), for every test of `check --output-format sarif`. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './fixtures';

/** The OASIS schema is draft-04 (`id`); ajv 8 reads it once `id` is spelled `$id` and the draft-04 `$schema` is dropped. */
export function sarifValidator() {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delete schema['$schema'];
  schema['$id'] = schema['id'];
  delete schema['id'];
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv.compile(schema);
}
