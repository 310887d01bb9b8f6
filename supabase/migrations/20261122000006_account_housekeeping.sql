-- Housekeeping for accounts: what is kept only for a while is removed after it (DESIGN.md §3,
-- Jobs: idempotent SQL functions; the embedded server runs them on a timer, production calls
-- the same function from cron or pg_cron). Returns how many rows went from each table.
--   sign_in_attempts  after 1 day (rate limits look back at most an hour)
--   auth_sessions     7 days after they expired or were revoked
--   auth_tokens       7 days after they expired or were used
--   outbox            30 days after it was queued (mail carries links that have long expired)

create function public.purge_account_leftovers()
  returns table (sign_in_attempts int, sessions int, tokens int, mail int)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    attempts_gone int;
    sessions_gone int;
    tokens_gone int;
    mail_gone int;
  begin
    delete from public.sign_in_attempts a where a.at < now() - interval '1 day';
    get diagnostics attempts_gone = row_count;
    delete from public.auth_sessions s
      where s.expires_at < now() - interval '7 days' or s.revoked_at < now() - interval '7 days';
    get diagnostics sessions_gone = row_count;
    delete from public.auth_tokens t
      where t.expires_at < now() - interval '7 days' or t.used_at < now() - interval '7 days';
    get diagnostics tokens_gone = row_count;
    delete from public.outbox o where o.created_at < now() - interval '30 days';
    get diagnostics mail_gone = row_count;
    return query select attempts_gone, sessions_gone, tokens_gone, mail_gone;
  end
  $$;

revoke execute on function public.purge_account_leftovers() from public, anon, authenticated;
grant execute on function public.purge_account_leftovers() to service_role;
