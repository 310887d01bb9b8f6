import { apiDetails } from '$lib/server/openreferral/publish/openapi';
import { respond } from '$lib/server/openreferral/publish/http';
import type { RequestHandler } from './$types';

// The Open Referral UK API (docs/openreferral.md): what it is and where its OpenAPI document is.
export const GET: RequestHandler = ({ url }) => respond(async () => apiDetails(url.origin));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
