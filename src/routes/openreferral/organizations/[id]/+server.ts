import { respond } from '$lib/server/openreferral/publish/http';
import { getOrganization } from '$lib/server/openreferral/publish/organizations';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, params, locals }) =>
	respond(() => locals.withClaims((tx) => getOrganization(tx, params.id, url.origin)));
export { OPTIONS } from '$lib/server/openreferral/publish/http';
