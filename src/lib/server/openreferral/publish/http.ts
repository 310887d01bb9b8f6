import { json } from '@sveltejs/kit';

// Every answer of the Open Referral API, errors included, may be read by any site's scripts:
// it is public data, asked for without a key.

export const corsHeaders = {
	'Access-Control-Allow-Origin': '*',
	'Access-Control-Allow-Methods': 'GET, OPTIONS',
	'Access-Control-Allow-Headers': 'Content-Type'
} as const;

/** A query parameter the API cannot use; answered 400 with the parameter named. */
export class BadParameter extends Error {
	constructor(readonly parameter: string, message: string) {
		super(message);
	}
}

/** Not there, not published, or not an id at all: answered 404. */
export class NotFound extends Error {}

export const answer = (body: unknown) =>
	json(body, { headers: { ...corsHeaders, 'Cache-Control': 'public, max-age=60' } });

const refusal = (body: { error: string; parameter?: string }, status: 400 | 404) =>
	json(body, { status, headers: { ...corsHeaders, 'Cache-Control': 'no-store' } });

/** Runs an endpoint's work and turns its refusals into 400 and 404 answers. */
export async function respond(work: () => Promise<unknown>): Promise<Response> {
	try {
		return answer(await work());
	} catch (error) {
		if (error instanceof BadParameter) return refusal({ error: error.message, parameter: error.parameter }, 400);
		if (error instanceof NotFound) return refusal({ error: error.message }, 404);
		throw error;
	}
}

/** The CORS preflight: browsers ask before some cross-site requests. */
export const OPTIONS = () => new Response(null, { status: 204, headers: { ...corsHeaders, 'Access-Control-Max-Age': '86400' } });
