// `npm run client:types`: writes clients/js/src/openapi.d.ts, the typed client's types, from the
// API's OpenAPI document (scripts/client-types.ts). The file is committed; a unit test
// (test/unit/client/types.test.ts) fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { CLIENT_TYPES_FILE, clientTypes } from './client-types';

writeFileSync(CLIENT_TYPES_FILE, await clientTypes());
console.log(`client-types: wrote ${CLIENT_TYPES_FILE.pathname}`);
