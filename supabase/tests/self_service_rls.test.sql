-- Self-service journey (20261122000008_self_service_journey.sql): plans behind an unguessable link,
-- "what helped" feedback, anonymous demand and the planners' read of it (since migration 11 through
-- planning_demand_by_outcome), contact requests to a group's inbox, the rate limits behind them, and
-- search's evening/children flags, as anon, signed-in people,
-- group members, a planner, a moderator, an admin and the server. A lighter pass than
-- tests/db/self-service-rls.test.ts (which runs on PGlite and PG15). Run by scripts/pg15-check.sh
-- (on PostgreSQL 15); everything is rolled back.
--
-- pg_temp.fx, id(), act(), attempt() and hint_of() are shared by the policy tests (helpers.psql).
-- Actors (pg_temp.act(who) does `set local role` and sets request.jwt.claims, as withClaims does):
--   anon; none (signed in, no role, no group); own_a, ed_a (owner and editor of A); own_b (owner of B);
--   plan (planner); moder (moderator); admin; service_role; owner (back to the session's role).
-- Fixtures (inserted as the owner; labels in pg_temp.fx):
--   A published, verified   offers oA (published, for families, Tuesdays 18:00–20:00, serves seeing-people
--                           and things-to-do), oA2 (published, closes at 18:00, serves skills), oA_draft (draft)
--   B published             offer oB (published, for children, serves seeing-people)
--   P pending               offer oP (published, but its group is pending)
--   contact requests crA (about oA) and crB (about oB), sent by the server
--
-- What a person sends (plans, feedback, demand, contact requests) is written only by the server, which
-- checks it and then calls the functions as service_role; so do the scenarios below. Opening and
-- removing a plan need only its token, and the scenarios do that as anon.
--
-- Everything happens in one transaction, so now() never moves and every rate limit counts every call.
-- Assertions marked "REGRESSION" failed against the first version of the migration (commit 1115b92)
-- and pass since its fix (6ee7eb8); see the comment there.

begin;
create extension if not exists pgtap with schema extensions;
select plan(106);
\ir helpers.psql

-- ---------------------------------------------------------------------------------------------
-- What the API roles may do with the new tables and functions at all

select ok((select bool_and(c.relrowsecurity) and count(*) = 8 from pg_class c
           where c.oid in ('public.plans'::regclass, 'public.plan_outcomes'::regclass, 'public.plan_offers'::regclass,
                           'public.asset_feedback'::regclass, 'public.asset_feedback_outcomes'::regclass,
                           'public.demand_signals'::regclass, 'public.request_limits'::regclass, 'public.contact_requests'::regclass)),
  'every new table has row-level security');
select is_empty(
  $$ select t || ' (' || r || ')' from unnest(array['public.plans', 'public.plan_outcomes', 'public.plan_offers', 'public.asset_feedback',
       'public.asset_feedback_outcomes', 'public.demand_signals', 'public.request_limits', 'public.contact_requests']) t,
       unnest(array['anon', 'authenticated']) r where has_table_privilege(r, t, 'TRUNCATE') $$,
  'anon and authenticated cannot truncate the new tables');
select is_empty(
  $$ select t || ' ' || r || ' ' || p from unnest(array['public.plans', 'public.plan_outcomes', 'public.plan_offers', 'public.asset_feedback',
       'public.asset_feedback_outcomes', 'public.demand_signals', 'public.request_limits']) t,
       unnest(array['anon', 'authenticated']) r, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REFERENCES', 'TRIGGER']) p
     where has_table_privilege(r, t, p)
        or case when p in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') then has_any_column_privilege(r, t, p) else false end $$,
  'anon and authenticated hold no privilege at all on plans, feedback, demand and the rate limits');
select ok(not has_any_column_privilege('anon', 'public.contact_requests', 'SELECT')
          and not has_any_column_privilege('anon', 'public.contact_requests', 'INSERT')
          and not has_any_column_privilege('anon', 'public.contact_requests', 'UPDATE')
          and not has_table_privilege('anon', 'public.contact_requests', 'DELETE'),
  'anon touches no column of a contact request (submit_contact_request() is the way in)');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.contact_requests'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.contact_requests', attname, 'SELECT') order by 1),
  array['best_time', 'consent_at', 'created_at', 'email', 'handled_at', 'handled_by', 'id', 'language', 'message', 'name', 'offer_id',
        'organisation_id', 'phone', 'status'],
  'authenticated reads every column of a contact request but sender_hash');
select is(
  array(select attname::text collate "C" from pg_attribute where attrelid = 'public.contact_requests'::regclass and attnum > 0 and not attisdropped
         and has_column_privilege('authenticated', 'public.contact_requests', attname, 'UPDATE') order by 1),
  array['status'],
  'authenticated updates only the status of a contact request');
select ok(not has_any_column_privilege('authenticated', 'public.contact_requests', 'INSERT')
          and not has_table_privilege('authenticated', 'public.contact_requests', 'DELETE'),
  'authenticated neither inserts nor deletes contact requests');
-- Open to the API roles, anyone holding the public key could post straight to the writing functions
-- with a new sender hash each time and skip every check and limit.
select results_eq(
  $$ select r, has_function_privilege(r, 'public.create_plan(text, text[], uuid[], text, text, double precision, double precision, text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.open_plan(text)', 'EXECUTE'),
            has_function_privilege(r, 'public.remove_plan(text)', 'EXECUTE'),
            has_function_privilege(r, 'public.give_plan_feedback(text, uuid, text, text[], text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.record_demand(text[], text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.submit_contact_request(uuid, text, text, text, text, text, text, text)', 'EXECUTE'),
            has_function_privilege(r, 'public.take_request_slot(text, text, integer, interval)', 'EXECUTE'),
            has_function_privilege(r, 'public.known_outcomes(text[], text[])', 'EXECUTE')
       from unnest(array['anon', 'authenticated']) r $$,
  $$ values ('anon', false, true, true, false, false, false, false, false), ('authenticated', false, true, true, false, false, false, false, false) $$,
  'anyone opens and removes a plan; only the server writes plans, feedback, demand and contact requests; nobody calls take_request_slot or known_outcomes directly');
select ok(has_function_privilege('service_role', 'public.create_plan(text, text[], uuid[], text, text, double precision, double precision, text, text, text)', 'EXECUTE')
          and has_function_privilege('service_role', 'public.open_plan(text)', 'EXECUTE')
          and has_function_privilege('service_role', 'public.remove_plan(text)', 'EXECUTE')
          and has_function_privilege('service_role', 'public.give_plan_feedback(text, uuid, text, text[], text, text)', 'EXECUTE')
          and has_function_privilege('service_role', 'public.record_demand(text[], text, text, text)', 'EXECUTE')
          and has_function_privilege('service_role', 'public.submit_contact_request(uuid, text, text, text, text, text, text, text)', 'EXECUTE'),
  'the server calls every person-facing function');
-- REGRESSION: the first version of the migration revoked the purges (and demand_by_outcome) only from
-- PUBLIC, but the default privileges (supabase-contract.sql, as on Supabase) grant EXECUTE on new
-- functions in public to anon and authenticated by name, so anyone could empty every group's inbox or
-- delete every plan. Fixed with `revoke execute on function … from public, anon, authenticated`.
-- demand_by_outcome is replaced by planning_demand_by_outcome (migration 11), revoked the same way.
select results_eq(
  $$ select r, has_function_privilege(r, 'public.purge_unused_plans(interval)', 'EXECUTE'),
            has_function_privilege(r, 'public.purge_contact_requests(interval)', 'EXECUTE'),
            has_function_privilege(r, 'public.planning_demand_by_outcome(text[], date, date)', 'EXECUTE')
       from unnest(array['anon', 'authenticated', 'service_role']) r $$,
  $$ values ('anon', false, false, false), ('authenticated', false, false, true), ('service_role', true, true, true) $$,
  'the purges are the server''s alone; planning_demand_by_outcome needs a sign-in (REGRESSION: anon and authenticated could purge)');
select ok((select bool_and(p.prosecdef) from pg_proc p where p.oid in (
    'public.create_plan(text, text[], uuid[], text, text, double precision, double precision, text, text, text)'::regprocedure,
    'public.open_plan(text)'::regprocedure, 'public.remove_plan(text)'::regprocedure,
    'public.give_plan_feedback(text, uuid, text, text[], text, text)'::regprocedure,
    'public.record_demand(text[], text, text, text)'::regprocedure,
    'public.submit_contact_request(uuid, text, text, text, text, text, text, text)'::regprocedure)),
  'the person-facing functions are security definer (they write what their callers may not)');
select is_empty(
  $$ select attrelid::regclass || '.' || attname from pg_attribute
      where attrelid in ('public.plans'::regclass, 'public.demand_signals'::regclass, 'public.asset_feedback'::regclass)
        and attnum > 0 and not attisdropped
        and (attname in ('token', 'sender_hash', 'ip', 'user_id')
             or attrelid <> 'public.plans'::regclass and attname in ('plan_id', 'created_at', 'at')) $$,
  'no token in plans; no sender, plan, person or moment in demand and feedback rows');

-- ---------------------------------------------------------------------------------------------
-- Fixtures, as the owner

insert into fx (label, id, email) values
  ('none',  'a2000000-0000-4000-8000-000000000001', 'none@example.org'),
  ('own_a', 'a2000000-0000-4000-8000-000000000002', 'owner.a@example.org'),
  ('ed_a',  'a2000000-0000-4000-8000-000000000003', 'editor.a@example.org'),
  ('own_b', 'a2000000-0000-4000-8000-000000000004', 'owner.b@example.org'),
  ('plan',  'a2000000-0000-4000-8000-000000000005', 'planner@example.org'),
  ('moder', 'a2000000-0000-4000-8000-000000000006', 'moder@example.org'),
  ('admin', 'a2000000-0000-4000-8000-000000000007', 'admin@example.org'),
  ('A',     'b2000000-0000-4000-8000-00000000000a', null),
  ('B',     'b2000000-0000-4000-8000-00000000000b', null),
  ('P',     'b2000000-0000-4000-8000-00000000000d', null),
  ('oA',       'd2000000-0000-4000-8000-0000000000a1', null),
  ('oA2',      'd2000000-0000-4000-8000-0000000000a2', null),
  ('oA_draft', 'd2000000-0000-4000-8000-0000000000a3', null),
  ('oB',       'd2000000-0000-4000-8000-0000000000b1', null),
  ('oP',       'd2000000-0000-4000-8000-0000000000d1', null),
  ('crA', 'f5000000-0000-4000-8000-000000000001', null),
  ('crB', 'f5000000-0000-4000-8000-000000000002', null);

-- A contact request about an offer from a sender (the sender_hash is 64 hex digits made from n).
create function pg_temp.ask(offer text, n int, who text default 'Dee') returns uuid
  language sql as $$
    select public.submit_contact_request(pg_temp.id(offer), who, 'dee@example.org', null, null, 'Can I come?', 'en', lpad(to_hex(n), 64, '0'))
  $$;

-- What each role finds when it reads each new table: a row count, or the error.
create function pg_temp.reads() returns table (t text, outcome text)
  language sql as $$
    select t, pg_temp.attempt('select 1 from public.' || t)
      from unnest(array['plans', 'plan_outcomes', 'plan_offers', 'asset_feedback', 'asset_feedback_outcomes',
                        'demand_signals', 'request_limits', 'contact_requests']) t
  $$;

insert into auth.users (id, email) select id, email from fx where email is not null;
insert into public.user_roles (user_id, role) values
  (pg_temp.id('plan'), 'planner'), (pg_temp.id('moder'), 'moderator'), (pg_temp.id('admin'), 'admin');
insert into public.organisations (id, name, status, verified_at) values
  (pg_temp.id('A'), 'Group A', 'published', now()),
  (pg_temp.id('B'), 'Group B', 'published', null),
  (pg_temp.id('P'), 'Group P', 'pending', null);
insert into public.organisation_members (organisation_id, user_id, role) values
  (pg_temp.id('A'), pg_temp.id('own_a'), 'owner'),
  (pg_temp.id('A'), pg_temp.id('ed_a'), 'editor'),
  (pg_temp.id('B'), pg_temp.id('own_b'), 'owner');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status, who_for) values
  (pg_temp.id('oA'),       pg_temp.id('A'), 'Evening walk', 'walking_group', 'free', 'drop_in', 'in_person', 'published', '{families}'),
  (pg_temp.id('oA2'),      pg_temp.id('A'), 'Lunch club', 'lunch_club', 'free', 'drop_in', 'in_person', 'published', '{everyone}'),
  (pg_temp.id('oA_draft'), pg_temp.id('A'), 'Draft', 'activity', 'free', 'drop_in', 'in_person', 'draft', '{everyone}'),
  (pg_temp.id('oB'),       pg_temp.id('B'), 'Peer support', 'peer_support', 'free', 'drop_in', 'in_person', 'published', '{children,adults}'),
  (pg_temp.id('oP'),       pg_temp.id('P'), 'Pending group''s offer', 'activity', 'free', 'drop_in', 'in_person', 'published', '{everyone}');
insert into public.offer_outcomes (offer_id, outcome_id) values
  (pg_temp.id('oA'), 'seeing-people'), (pg_temp.id('oA'), 'things-to-do'), (pg_temp.id('oA2'), 'skills'), (pg_temp.id('oB'), 'seeing-people');
insert into public.schedules (offer_id, freq, byday, opens_at, closes_at) values
  (pg_temp.id('oA'), 'WEEKLY', '{TU}', '18:00', '20:00'),
  (pg_temp.id('oA2'), 'WEEKLY', '{WE}', '10:00', '18:00');
insert into public.contact_requests (id, offer_id, organisation_id, name, email, consent_at, sender_hash) values
  (pg_temp.id('crA'), pg_temp.id('oA'), pg_temp.id('A'), 'Ann', 'ann@example.org', now(), repeat('c1', 32)),
  (pg_temp.id('crB'), pg_temp.id('oB'), pg_temp.id('B'), 'Cat', 'cat@example.org', now(), repeat('c2', 32));

-- ---------------------------------------------------------------------------------------------
-- Reading the new tables directly

select pg_temp.act('anon');
select set_eq($$ select t, outcome from pg_temp.reads() $$,
  $$ select t, 'error 42501' from unnest(array['plans', 'plan_outcomes', 'plan_offers', 'asset_feedback', 'asset_feedback_outcomes',
                                               'demand_signals', 'request_limits', 'contact_requests']) t $$,
  'anon reads none of the new tables (permission denied)');
select pg_temp.act('none');
select set_eq($$ select t, outcome from pg_temp.reads() $$,
  $$ values ('plans', 'error 42501'), ('plan_outcomes', 'error 42501'), ('plan_offers', 'error 42501'), ('asset_feedback', 'error 42501'),
            ('asset_feedback_outcomes', 'error 42501'), ('demand_signals', 'error 42501'), ('request_limits', 'error 42501'), ('contact_requests', '0') $$,
  'a signed-in stranger reads none of them either (and no contact request)');
select pg_temp.act('plan');
select is((select outcome from pg_temp.reads() where t = 'demand_signals'), 'error 42501', 'not even a planner reads demand_signals directly');
select throws_ok($$ insert into public.plans (token_hash) values (repeat('e', 64)) $$, '42501', null, 'a signed-in person cannot insert a plan directly');
select throws_ok($$ delete from public.request_limits $$, '42501', null, '… nor clear the rate limits');
select pg_temp.act('anon');
select throws_ok($$ insert into public.demand_signals (outcome_ids) values ('{skills}') $$, '42501', null, 'anon cannot insert demand directly');
select throws_ok($$ update public.asset_feedback set rating = 'helped_a_lot' $$, '42501', null, '… nor change feedback');

-- ---------------------------------------------------------------------------------------------
-- Contact requests

select pg_temp.act('anon');
select throws_ok($$ select pg_temp.ask('oA', 1, 'Anon Person') $$, '42501', 'permission denied for function submit_contact_request',
  'anon cannot call submit_contact_request() (the server does, after checking the form)');
select pg_temp.act('none');
select throws_ok($$ select pg_temp.ask('oA2', 2, 'Stranger') $$, '42501', 'permission denied for function submit_contact_request',
  '… nor can a signed-in person');
select pg_temp.act('service_role');
select isnt(pg_temp.ask('oA', 1, 'Anon Person'), null, 'the server asks A to get in touch about oA for someone without an account');
select isnt(pg_temp.ask('oA2', 2, 'Stranger'), null, '… and about oA2 for a signed-in stranger');
select pg_temp.act('anon');
select throws_ok($$ select name from public.contact_requests $$, '42501', null, 'anon cannot read a request back');
select throws_ok($$ insert into public.contact_requests (offer_id, organisation_id, name, email, consent_at, sender_hash)
                    values (pg_temp.id('oA'), pg_temp.id('A'), 'Direct', 'd@example.org', now(), repeat('c3', 32)) $$,
  '42501', null, '… nor insert one directly');
select pg_temp.act('none');
select is_empty($$ select id from public.contact_requests $$, 'the signed-in stranger reads no request back, not even the one sent for them');
select pg_temp.act('own_a');
select set_eq($$ select name from public.contact_requests $$, array['Ann', 'Anon Person', 'Stranger'], 'the owner of A reads A''s requests, not B''s');
select pg_temp.act('ed_a');
select set_eq($$ select name from public.contact_requests $$, array['Ann', 'Anon Person', 'Stranger'], 'the editor of A too');
select throws_ok($$ select sender_hash from public.contact_requests $$, '42501', null, '… but not the sender_hash');
select results_eq($$ with u as (update public.contact_requests set status = 'contacted' where id = pg_temp.id('crA')
                               returning status, handled_by, handled_at = now() as now) select * from u $$,
  $$ values ('contacted', pg_temp.id('ed_a'), true) $$, 'the editor marks a request contacted; the trigger records who and when');
select throws_ok($$ update public.contact_requests set message = 'Changed' where id = pg_temp.id('crA') $$, '42501', null, '… and cannot change the message');
select throws_ok($$ update public.contact_requests set name = 'Someone' where id = pg_temp.id('crA') $$, '42501', null, '… nor the name');
select throws_ok($$ update public.contact_requests set handled_by = pg_temp.id('own_a') where id = pg_temp.id('crA') $$, '42501', null, '… nor who handled it');
select throws_ok($$ delete from public.contact_requests where id = pg_temp.id('crA') $$, '42501', null, '… nor delete it');
select pg_temp.act('own_b');
select set_eq($$ select name from public.contact_requests $$, array['Cat'], 'the owner of B reads only B''s request');
select is(pg_temp.attempt($$ update public.contact_requests set status = 'closed' where id = pg_temp.id('crA') $$), '0', '… and cannot update A''s');
select pg_temp.act('moder');
select is_empty($$ select id from public.contact_requests $$, 'a moderator reads no contact request');
select pg_temp.act('plan');
select is_empty($$ select id from public.contact_requests $$, 'a planner reads none');
select pg_temp.act('admin');
select is(pg_temp.attempt($$ update public.contact_requests set status = 'closed' $$), '0', 'an admin reads and changes none');

select pg_temp.act('service_role');
select is(pg_temp.hint_of($$ select pg_temp.ask('oA_draft', 3) $$), 'offer_not_found', 'a request about a draft offer: offer_not_found');
select is(pg_temp.hint_of($$ select pg_temp.ask('oP', 3) $$), 'offer_not_found', '… about an offer of a pending group: offer_not_found');
select lives_ok($$ select pg_temp.ask('oB', 4) from generate_series(1, 3) $$, 'one sender asks three times about one offer');
select is(pg_temp.hint_of($$ select pg_temp.ask('oB', 4) $$), 'too_many_requests', '… and the fourth in a day is refused: too_many_requests');
select lives_ok($$ select pg_temp.ask(o, 5) from unnest(array['oA', 'oA', 'oA2', 'oA2', 'oB']) o $$, 'another sender asks five times in an hour, about three offers');
select is(pg_temp.hint_of($$ select pg_temp.ask('oB', 5) $$), 'too_many_requests', '… and the sixth is refused: too_many_requests');
select isnt(pg_temp.ask('oB', 6), null, 'a third sender is not held up');
select pg_temp.act('owner');
select is((select count(*)::int from public.contact_requests where sender_hash in (lpad(to_hex(4), 64, '0'), lpad(to_hex(5), 64, '0'))), 8,
  'the refused requests left no row');

-- 200 a day to one group: B is brought to 199 today with requests from other senders, 23 hours ago.
insert into public.contact_requests (offer_id, organisation_id, name, email, consent_at, sender_hash, created_at)
select pg_temp.id('oB'), pg_temp.id('B'), 'Flood', 'flood@example.org', now(), lpad(to_hex(1000 + n), 64, '0'), now() - interval '23 hours'
  from generate_series(1, 199 - (select count(*)::int from public.contact_requests
                                  where organisation_id = pg_temp.id('B') and created_at > now() - interval '1 day')) n;
select is((select count(*)::int from public.contact_requests where organisation_id = pg_temp.id('B') and created_at > now() - interval '1 day'), 199,
  'B has had 199 requests today');
select pg_temp.act('service_role');
select isnt(pg_temp.ask('oB', 7), null, 'the 200th request in a day to B is taken');
select is(pg_temp.hint_of($$ select pg_temp.ask('oB', 8) $$), 'group_busy', '… the 201st is refused: group_busy (not the sender''s limit)');
select is(pg_temp.hint_of($$ select pg_temp.ask('oB', 4) $$), 'group_busy',
  '… said before the sender''s own limits: a sender with three today about oB hears group_busy too');
select is(pg_temp.hint_of($$ select pg_temp.ask('oB', 5) $$), 'group_busy', '… and so does one who has asked five times this hour');
select isnt(pg_temp.ask('oA2', 8), null, 'another group is not held up');
select pg_temp.act('owner');
update public.contact_requests set created_at = now() - interval '25 hours' where organisation_id = pg_temp.id('B');
select pg_temp.act('service_role');
select isnt(pg_temp.ask('oB', 8), null, 'a day later B takes requests again');

-- REGRESSION (see the privileges above): anon could run the purge.
select pg_temp.act('anon');
select throws_ok($$ select public.purge_contact_requests(interval '100 years') $$, '42501', 'permission denied for function purge_contact_requests',
  'anon cannot purge contact requests (REGRESSION)');
select pg_temp.act('owner');
update public.contact_requests set created_at = now() - interval '91 days' where id = pg_temp.id('crB');
update public.contact_requests set created_at = now() - interval '89 days' where id = pg_temp.id('crA');
select pg_temp.act('service_role');
select is(public.purge_contact_requests(interval '90 days'), 1, 'the server purges the requests older than 90 days');
select is((select count(*)::int from public.contact_requests where id in (pg_temp.id('crA'), pg_temp.id('crB'))), 1, '… and only those (not one 89 days old)');

-- ---------------------------------------------------------------------------------------------
-- Plans and what helped

select pg_temp.act('anon');
select throws_ok($$ select public.create_plan('Anon_plan_token_0123456789', array['skills'], null, null, null, null, null, null, null, repeat('a1', 32)) $$,
  '42501', 'permission denied for function create_plan', 'anon cannot save a plan itself (the server does, after checking the input)');
select pg_temp.act('none');
select throws_ok($$ select public.create_plan('Anon_plan_token_0123456789', array['skills'], null, null, null, null, null, null, null, repeat('a1', 32)) $$,
  '42501', 'permission denied for function create_plan', '… nor can a signed-in person');
select pg_temp.act('service_role');
select lives_ok($$ select public.create_plan('PgTap_plan_token_0123456789', array['skills', 'being-listened-to', 'nope', 'seeing-people'],
                   array[pg_temp.id('oB'), pg_temp.id('oA_draft'), pg_temp.id('oA'), pg_temp.id('oP')], 'CF10', ' Butetown ', 51.47, -3.18,
                   '8a195da49a4ffff', 'cy', repeat('a1', 32)) $$,
  'the server saves a plan');
select pg_temp.act('anon');
select is(public.open_plan('PgTap_plan_token_0123456789') -> 'outcome_ids', '["seeing-people", "skills"]'::jsonb,
  '… which opens with its known, chosen outcomes in taxonomy order (process and unknown ones dropped)');
select is(jsonb_path_query_array(public.open_plan('PgTap_plan_token_0123456789'), '$.offers[*] ? (@.listed == true).offer_id'),
  jsonb_build_array(pg_temp.id('oB'), pg_temp.id('oA')),
  '… and its published offers in the order given, listed (the draft and the pending group''s offer left out)');
select is(public.open_plan('PgTap_plan_token_0123456789') ->> 'place_label', 'Butetown', '… and the place as given, trimmed');
select is(public.open_plan('PgTap_plan_token_012345678X'), null, 'a wrong token opens nothing');
select pg_temp.act('none');
select is(public.open_plan('PgTap_plan_token_0123456789') ->> 'district', 'CF10', 'a signed-in person opens it with the token too');
select pg_temp.act('service_role');
select throws_ok($$ select public.create_plan('too-short', array['skills'], null, null, null, null, null, null, null, repeat('a1', 32)) $$,
  '22023', 'A plan needs an unguessable token', 'a token that does not match the pattern is refused');
select throws_ok($$ select public.create_plan('has a space in it 0123456789', array['skills'], null, null, null, null, null, null, null, repeat('a1', 32)) $$,
  '22023', 'A plan needs an unguessable token', '… one with a space too');
select is(pg_temp.hint_of($$ select public.create_plan('Empty_plan_token_0123456789', array['being-listened-to'], '{}', null, null, null, null, null, null, repeat('a1', 32)) $$),
  'plan_empty', 'a plan with no known outcome and no offer: plan_empty');
select pg_temp.act('owner');
select results_eq($$ select token_hash, district, h3, language from public.plans $$,
  $$ values (encode(sha256(convert_to('PgTap_plan_token_0123456789', 'UTF8')), 'hex'), 'CF10', '8a195da49a4ffff', 'cy') $$,
  'the plans table stores the token''s SHA-256 in hex, with the district and cell');
select is_empty($$ select 1 from public.plans p where row_to_json(p)::text like '%PgTap_plan_token%' $$, '… and never the token itself');

-- Only an area: an unknown district as none (no foreign-key error), a point to 3 decimals, a malformed cell as none.
select pg_temp.act('service_role');
select lives_ok($$ select public.create_plan('Area_plan_token_0123456789', array['skills'], null, 'ZZ99', null, 51.12345, -3.98765,
                   'not-a-cell', null, repeat('a1', 32)) $$,
  'the server saves a plan with an unknown district, a precise point and a malformed H3 cell');
select lives_ok($$ select public.create_plan('Cell_plan_token_0123456789', array['skills'], null, null, null, null, null,
                   '8A195DA49A4FFFF', null, repeat('a1', 32)) $$,
  '… and one with an upper-case cell');
select pg_temp.act('owner');
select results_eq($$ select district, lat, lng, h3 from public.plans
                      where token_hash = encode(sha256(convert_to('Area_plan_token_0123456789', 'UTF8')), 'hex') $$,
  $$ values (null::text, 51.123::float8, -3.988::float8, null::text) $$,
  'the plan keeps no district, the point to 3 decimals (about 100 m) and no cell');
select is((select h3 from public.plans where token_hash = encode(sha256(convert_to('Cell_plan_token_0123456789', 'UTF8')), 'hex')), null,
  '… and an upper-case cell is no cell either');
delete from public.plans where token_hash in (encode(sha256(convert_to('Area_plan_token_0123456789', 'UTF8')), 'hex'),
                                              encode(sha256(convert_to('Cell_plan_token_0123456789', 'UTF8')), 'hex'));

select pg_temp.act('anon');
select throws_ok($$ select public.give_plan_feedback('PgTap_plan_token_0123456789', pg_temp.id('oA'), 'helped_a_lot', null, null, repeat('b1', 32)) $$,
  '42501', 'permission denied for function give_plan_feedback', 'anon cannot say what helped itself');
select pg_temp.act('none');
select throws_ok($$ select public.give_plan_feedback('PgTap_plan_token_0123456789', pg_temp.id('oA'), 'helped_a_lot', null, null, repeat('b1', 32)) $$,
  '42501', 'permission denied for function give_plan_feedback', '… nor can a signed-in person');
select pg_temp.act('service_role');
select lives_ok($$ select public.give_plan_feedback('PgTap_plan_token_0123456789', pg_temp.id('oA'), 'helped_a_lot',
                   array['treated-with-respect', 'skills', 'nope'], ' Kind people ', repeat('b1', 32)) $$,
  'the server says what helped with oA');
select is(pg_temp.hint_of($$ select public.give_plan_feedback('PgTap_plan_token_0123456789', pg_temp.id('oA'), 'did_not_help', null, null, repeat('b2', 32)) $$),
  'feedback_given', '… once: the second time is feedback_given');
select is(pg_temp.hint_of($$ select public.give_plan_feedback('PgTap_plan_token_0123456789', pg_temp.id('oA2'), 'helped_a_lot', null, null, repeat('b1', 32)) $$),
  'offer_not_in_plan', 'an offer not in the plan: offer_not_in_plan');
select is(pg_temp.hint_of($$ select public.give_plan_feedback('Wrong_plan_token_0123456789', pg_temp.id('oA'), 'helped_a_lot', null, null, repeat('b1', 32)) $$),
  'plan_not_found', 'a wrong token: plan_not_found');
select pg_temp.act('anon');
select is(jsonb_path_query_array(public.open_plan('PgTap_plan_token_0123456789'), '$.offers[*].rating'), '[null, "helped_a_lot"]'::jsonb,
  'the plan shows the rating back');
select pg_temp.act('owner');
select results_eq(
  $$ select f.offer_id, f.organisation_id, f.offer_kind, f.source, f.rating, f.note, f.district, f.h3, extract(isodow from f.week)::int,
            array(select o.outcome_id from public.asset_feedback_outcomes o where o.feedback_id = f.id order by 1)
       from public.asset_feedback f $$,
  $$ values (pg_temp.id('oA'), pg_temp.id('A'), 'walking_group', 'person', 'helped_a_lot', 'Kind people', 'CF10', '8a195da49a4ffff', 1,
             array['seeing-people', 'treated-with-respect']) $$,
  'one feedback row: the plan''s outcomes oA serves and the ticked process outcome, the plan''s area, a Monday');

select pg_temp.act('anon');
select is(public.remove_plan('PgTap_plan_token_0123456789'), true, 'anon removes the plan with its token');
select is(public.open_plan('PgTap_plan_token_0123456789'), null, '… after which it opens no more');
select is(public.remove_plan('PgTap_plan_token_0123456789'), false, '… and removing it again finds nothing');
select pg_temp.act('owner');
select is((select count(*)::int from public.asset_feedback), 1, 'the feedback outlives the plan (it is not linked to it)');

-- ---------------------------------------------------------------------------------------------
-- Demand

select pg_temp.act('anon');
select throws_ok($$ select public.record_demand(array['skills'], 'CF10', null, repeat('d1', 32)) $$,
  '42501', 'permission denied for function record_demand', 'anon cannot record demand itself');
select pg_temp.act('none');
select throws_ok($$ select public.record_demand(array['skills'], 'CF10', null, repeat('d1', 32)) $$,
  '42501', 'permission denied for function record_demand', '… nor can a signed-in person');
select pg_temp.act('service_role');
select is(public.record_demand(array['skills', 'being-listened-to', 'nope'], 'CF10', null, repeat('d1', 32)), true, 'the server records a journey');
select is(public.record_demand(array['being-listened-to'], 'CF10', null, repeat('d1', 32)), false, '… one with only process outcomes is not counted');
select pg_temp.act('owner');
select results_eq($$ select outcome_ids, district, source from public.demand_signals $$, $$ values (array['skills'], 'CF10', 'self_service') $$,
  'one demand row with only the known, non-process outcomes');
select pg_temp.act('service_role');
select is((select count(*)::int from generate_series(1, 20) n where public.record_demand(array['mobility'], null, null, repeat('d2', 32))), 20,
  'one sender counts twenty times in an hour');
select is(public.record_demand(array['mobility'], null, null, repeat('d2', 32)), false, '… and the twenty-first is not counted');
select is(public.record_demand(array['mobility'], null, null, repeat('d3', 32)), true, '… while another sender still counts');
select pg_temp.act('owner');
select is((select count(*)::int from public.demand_signals where outcome_ids = '{mobility}'), 21, 'twenty-one mobility rows, not twenty-two');

-- Planners read demand through planning_demand_by_outcome (migration 11; the whole of it in
-- planning_rls.test.sql), from rollups the server rebuilds. Journeys are recorded here as the server
-- does, through record_demand, in CF24 (where no other row is), for the month of this week.
create function pg_temp.journeys(outcome text, n int) returns setof text
  language plpgsql as $f$
begin
  perform public.record_demand(array[outcome], 'CF24', null, repeat('e1', 32)) from generate_series(1, n);
  perform public.refresh_planning_rollups();
  return;
end $f$;
create function pg_temp.demand(districts text[]) returns table (r text, c text, value integer, withheld text)
  language sql as $$
    select r, c, value, withheld from public.planning_demand_by_outcome(districts, date_trunc('month', date_trunc('week', now()))::date,
                                                                       date_trunc('month', date_trunc('week', now()))::date)
  $$;

-- REGRESSION (see the privileges above): anon reached the function and was refused by the planner
-- check instead.
select pg_temp.act('anon');
select throws_ok($$ select * from public.planning_demand_by_outcome(null, current_date - 7, current_date) $$,
  '42501', 'permission denied for function planning_demand_by_outcome', 'anon cannot call planning_demand_by_outcome at all (REGRESSION)');
select pg_temp.act('none');
select throws_ok($$ select * from public.planning_demand_by_outcome(null, current_date - 7, current_date) $$, '42501',
  'Only planners read planning figures', 'a stranger cannot read demand');
select pg_temp.act('own_a');
select throws_ok($$ select * from public.planning_demand_by_outcome(null, current_date - 7, current_date) $$, '42501',
  'Only planners read planning figures', 'a group owner cannot read demand');
select pg_temp.act('service_role');
select pg_temp.journeys('seeing-people', 9);
select pg_temp.act('plan');
select is((select value from pg_temp.demand('{CF24}') where r = 'seeing-people' and c = '*'), null, 'a planner reads 9 journeys as null (withheld)');
select pg_temp.act('service_role');
select pg_temp.journeys('seeing-people', 1);
select pg_temp.act('plan');
select is((select value from pg_temp.demand('{CF24}') where r = 'seeing-people' and c = '*'), 10, '… and 10 as 10');
select results_eq($$ select r, value from pg_temp.demand(null) where c = '*' and r in ('mobility', 'skills') order by r $$,
  $$ values ('mobility', 20), ('skills', null::int) $$, '… 21 as 20 (rounded to 5), 1 as null');
select is((select count(*)::int from pg_temp.demand(null) where r in
           ('being-listened-to', 'having-a-say', 'treated-with-respect', 'responded-to', 'reliability')), 0, '… and no process outcome');
select pg_temp.act('service_role');
select pg_temp.journeys('seeing-people', 3);
select pg_temp.act('admin');
select is((select value from pg_temp.demand('{CF24}') where r = 'seeing-people' and c = '*'), 15, 'an admin reads it too: 13 as 15');

-- ---------------------------------------------------------------------------------------------
-- Search: evening and children

select pg_temp.act('anon');
select results_eq($$ select title_en, evening, children from public.offer_search where offer_id in (pg_temp.id('oA'), pg_temp.id('oA2'), pg_temp.id('oB'))
                     order by title_en $$,
  $$ values ('Evening walk', true, true), ('Lunch club', false, false), ('Peer support', false, true) $$,
  'evening: a schedule closing after 18:00 (not at 18:00); children: for children or families');
select pg_temp.act('ed_a');
select lives_ok($$ update public.schedules set closes_at = '18:30' where offer_id = pg_temp.id('oA2') $$, 'the editor moves oA2''s closing to 18:30');
select results_eq($$ select evening from public.offer_search where offer_id = pg_temp.id('oA2') $$, $$ values (true) $$, '… and it is an evening offer');

select * from finish();
rollback;
