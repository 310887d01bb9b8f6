// What a link in an account mail carries. Local accounts send `token`; Supabase's templates
// (README, "Accounts") send `token_hash`. Read from the link (GET) or the form that spends it (POST).
type Params = URLSearchParams | FormData;

export const linkToken = (params: Params) => String(params.get('token') ?? params.get('token_hash') ?? '').slice(0, 200);

/** Local links say signup or email_change; Supabase's say signup, email or email_change. */
export const confirmationType = (params: Params): 'signup' | 'email_change' => (params.get('type') === 'email_change' ? 'email_change' : 'signup');
