import { openApiDocument } from '$lib/server/openreferral/publish/openapi';
import { respond } from '$lib/server/openreferral/publish/http';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => respond(async () => openApiDocument(url.origin));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
