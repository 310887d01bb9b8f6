-- Prevention planning (20261122000011_planning.sql): who reaches the planner functions, the rollups,
-- the thresholds and the internals (suppress_table, h3_parent, assert_planner,
-- refresh_planning_rollups); suppression at 9 and 10; the secondary rule. A lighter pass than
-- tests/db/planning.test.ts (which runs on PGlite and PG15). Run by scripts/pg15-check.sh on
-- PostgreSQL 15; everything is rolled back.
--
-- pg_temp.fx, id(), act() and attempt() are shared by the policy tests (helpers.psql); here
-- attempt(…, true) also gives the error's message, to tell the refusals apart.
-- Actors (pg_temp.act(who) does `set local role` and sets request.jwt.claims, as withClaims does):
--   anon; none (signed in, no role, no group); own_a (owner of group A); prac (practitioner);
--   moder (moderator); plan (planner); admin; service_role; owner (back to the session's role).
-- Raw rows are inserted as the owner; the server (service_role) rebuilds the rollups with
-- pg_temp.rebuild(); planners read them through the planning_* functions only.

begin;
create extension if not exists pgtap with schema extensions;
select plan(39);
\ir helpers.psql

-- ---------------------------------------------------------------------------------------------
-- Privileges

create temporary table planner_functions (f text primary key, call text not null);
insert into planner_functions (f, call) values
  ('planning_demand_by_outcome', $$ select * from public.planning_demand_by_outcome(null, '2020-01-01', '2020-01-01') $$),
  ('planning_demand_by_month', $$ select * from public.planning_demand_by_month(null, '2020-01-01', '2020-01-01') $$),
  ('planning_demand_by_cell', $$ select * from public.planning_demand_by_cell(null, '2020-01-01', '2020-01-01', null) $$),
  ('planning_what_helped', $$ select * from public.planning_what_helped(null, '2020-01-01', '2020-01-01') $$),
  ('planning_referral_flow', $$ select * from public.planning_referral_flow(null, '2020-01-01', '2020-01-01') $$),
  ('planning_supply_by_outcome', $$ select * from public.planning_supply_by_outcome(null) $$),
  ('planning_supply_by_cell', $$ select * from public.planning_supply_by_cell(null, null) $$),
  ('planning_status', $$ select * from public.planning_status() $$);
create temporary table internals (f text primary key, call text not null);
insert into internals (f, call) values
  ('suppress_table', $$ select * from public.suppress_table(array[row('a', 'b', 3)::public.planning_cell]) $$),
  ('h3_parent', $$ select public.h3_parent('8819586b4bfffff', 6) $$),
  ('assert_planner', $$ select public.assert_planner() $$),
  ('refresh_planning_rollups', $$ select public.refresh_planning_rollups() $$);
grant select on planner_functions, internals to anon, authenticated, service_role;

select is_empty(
  $$ select p.oid::regprocedure::text from pg_proc p
      where p.pronamespace = 'public'::regnamespace and p.proname in (select f from pg_temp.planner_functions)
        and (has_function_privilege('anon', p.oid, 'EXECUTE') or not has_function_privilege('authenticated', p.oid, 'EXECUTE')) $$,
  'every planning_* function needs a sign-in: authenticated may call it, anon may not');
select is(
  (select count(*)::int from pg_proc p where p.pronamespace = 'public'::regnamespace and p.proname in (select f from pg_temp.planner_functions) and p.prosecdef),
  8, 'the eight planning_* functions are security definer (planners read no rollup themselves)');
select is_empty(
  $$ select p.oid::regprocedure::text || ' ' || r from pg_proc p, unnest(array['anon', 'authenticated']) r
      where p.pronamespace = 'public'::regnamespace and p.proname in (select f from pg_temp.internals)
        and has_function_privilege(r, p.oid, 'EXECUTE') $$,
  'neither anon nor authenticated calls suppress_table, h3_parent, assert_planner or refresh_planning_rollups');
select ok(has_function_privilege('service_role', 'public.refresh_planning_rollups()', 'EXECUTE'), 'the server rebuilds the rollups');
select ok((select bool_and(c.relrowsecurity) and count(*) = 6 from pg_class c
           where c.oid in ('public.planning_demand'::regclass, 'public.planning_feedback'::regclass, 'public.planning_referrals'::regclass,
                           'public.planning_supply'::regclass, 'public.planning_refreshes'::regclass, 'public.planning_settings'::regclass)),
  'every planning table has row-level security');
select is_empty(
  $$ select t || ' ' || r || ' ' || p from unnest(array['public.planning_demand', 'public.planning_feedback', 'public.planning_referrals',
       'public.planning_supply', 'public.planning_refreshes']) t,
       unnest(array['anon', 'authenticated']) r, unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p
     where has_table_privilege(r, t, p)
        or case when p in ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES') then has_any_column_privilege(r, t, p) else false end $$,
  'anon and authenticated hold no privilege at all on the rollups');
select results_eq(
  $$ select r, has_any_column_privilege(r, 'public.planning_settings', 'SELECT'),
            array(select a.attname::text collate "default" from pg_attribute a where a.attrelid = 'public.planning_settings'::regclass and a.attnum > 0
                   and not a.attisdropped and has_column_privilege(r, 'public.planning_settings', a.attname, 'UPDATE')
                   order by a.attname::text collate "C"),
            has_any_column_privilege(r, 'public.planning_settings', 'INSERT') or has_table_privilege(r, 'public.planning_settings', 'DELETE')
       from unnest(array['anon', 'authenticated']) r $$,
  $$ values ('anon', false, '{}'::text[], false), ('authenticated', true, '{round_to,smallest_shown}'::text[], false) $$,
  'the thresholds: anon nothing; a signed-in person may read and change the two thresholds (RLS decides who), never add or remove the row');

-- ---------------------------------------------------------------------------------------------
-- Fixtures, as the owner

insert into fx (label, id, email) values
  ('none',  'a8000000-0000-4000-8000-000000000001', 'none@example.org'),
  ('own_a', 'a8000000-0000-4000-8000-000000000002', 'owner.a@example.org'),
  ('prac',  'a8000000-0000-4000-8000-000000000003', 'prac@example.org'),
  ('moder', 'a8000000-0000-4000-8000-000000000004', 'moder@example.org'),
  ('plan',  'a8000000-0000-4000-8000-000000000005', 'planner@example.org'),
  ('admin', 'a8000000-0000-4000-8000-000000000006', 'admin@example.org'),
  ('A',     'b8000000-0000-4000-8000-00000000000a', null),
  ('oA',    'd8000000-0000-4000-8000-0000000000a1', null),
  ('c1',    'e8000000-0000-4000-8000-000000000001', null);

-- What the current role gets from each planner function ('ok', or the error), and from each internal.
create function pg_temp.calls() returns table (f text, outcome text)
  language sql as $$
    select f, case when o ~ '^[0-9]+$' then 'ok' else o end from pg_temp.planner_functions, lateral pg_temp.attempt(call, true) o
  $$;
create function pg_temp.internal_calls() returns table (f text, outcome text)
  language sql as $$
    select f, case when o ~ '^[0-9]+$' then 'ok' else o end from pg_temp.internals, lateral pg_temp.attempt(call, true) o
  $$;
-- What the current role gets when it reads each rollup.
create function pg_temp.reads() returns table (t text, outcome text)
  language sql as $$
    select t, pg_temp.attempt('select 1 from public.' || t, true)
      from unnest(array['planning_demand', 'planning_feedback', 'planning_referrals', 'planning_supply', 'planning_refreshes']) t
  $$;
-- The server rebuilds the rollups (returns no rows: prints nothing).
create function pg_temp.rebuild() returns setof text
  language plpgsql as $f$ begin perform public.refresh_planning_rollups(); return; end $f$;
-- Demand by map cell for January 2020, everywhere, every outcome.
create function pg_temp.cells() returns table (r text, c text, value integer, withheld text)
  language sql as $$
    select r, c, value, withheld from public.planning_demand_by_cell(null, '2020-01-01', '2020-01-01', null) order by r collate "C", c collate "C"
  $$;

insert into auth.users (id, email) select id, email from fx where email is not null;
insert into public.user_roles (user_id, role) values
  (pg_temp.id('prac'), 'practitioner'), (pg_temp.id('moder'), 'moderator'), (pg_temp.id('plan'), 'planner'), (pg_temp.id('admin'), 'admin');
insert into public.organisations (id, name, status) values (pg_temp.id('A'), 'Group A', 'published');
insert into public.organisation_members (organisation_id, user_id, role) values (pg_temp.id('A'), pg_temp.id('own_a'), 'owner');
insert into public.offers (id, organisation_id, title_en, kind, cost, access, attendance, status) values
  (pg_temp.id('oA'), pg_temp.id('A'), 'Lunch club', 'lunch_club', 'free', 'drop_in', 'in_person', 'published');
insert into public.offer_outcomes (offer_id, outcome_id) values (pg_temp.id('oA'), 'seeing-people');
-- A conversation with free text (December 2019, before the month read below); demand in three map cells (Cardiff, Newport,
-- Swansea at resolution 8): 9, 50 and 60; feedback with a note.
insert into public.conversations (id, holder_id, consent_record_at, status, district, words_matters, created_at)
values (pg_temp.id('c1'), pg_temp.id('prac'), now(), 'active', 'CF10', 'My neighbour', '2019-12-15 12:00+00');
insert into public.conversation_outcomes (conversation_id, outcome_id) values (pg_temp.id('c1'), 'feeling-safe');
insert into public.demand_signals (outcome_ids, district, h3, week)
select '{skills}', d, h, '2020-01-06'
  from (values ('CF10', '8819586b4bfffff', 9), ('NP20', '8819587a51fffff', 50), ('SA1', '88195a1447fffff', 60)) x (d, h, n),
       generate_series(1, n);
with given as (
  insert into public.asset_feedback (offer_kind, source, rating, note, district, week)
  values ('lunch_club', 'person', 'helped_a_lot', 'Lovely people', 'CF10', '2020-01-06') returning id)
insert into public.asset_feedback_outcomes (feedback_id, outcome_id) select id, 'seeing-people' from given;
insert into public.contact_requests (offer_id, organisation_id, name, email, consent_at, sender_hash, message)
values (pg_temp.id('oA'), pg_temp.id('A'), 'Ann', 'ann@example.org', now(), repeat('c1', 32), 'Call me');

-- ---------------------------------------------------------------------------------------------
-- A planner with SQL of their own cannot read the raw counts by making suppress_table's working
-- table first. (Before any planning function runs: its own table then lasts to the end of this
-- transaction.)

select pg_temp.act('plan');
-- REGRESSION: suppress_table made pg_temp.suppressing only if none was there, so the caller's own
-- table was used, raw counts and all.
select is(pg_temp.attempt($$ create temp table suppressing (r text, c text, n bigint, state text);
                             select * from public.planning_demand_by_outcome(null, '2020-01-01', '2020-01-01') $$, true),
  'error 42501: Planning figures are worked out in a table of their own',
  'a planner who makes pg_temp.suppressing first is refused (REGRESSION: read every raw count from it)');

-- ---------------------------------------------------------------------------------------------
-- Who gets through

select pg_temp.act('service_role');
select pg_temp.rebuild();

select pg_temp.act('anon');
select set_eq($$ select * from pg_temp.calls() $$,
  $$ select f, 'error 42501: permission denied for function ' || f from pg_temp.planner_functions $$,
  'anon calls no planning_* function (permission denied)');
select pg_temp.act('none');
select set_eq($$ select * from pg_temp.calls() $$,
  $$ select f, 'error 42501: Only planners read planning figures' from pg_temp.planner_functions $$, 'a signed-in person is refused every one');
select pg_temp.act('own_a');
select set_eq($$ select * from pg_temp.calls() $$,
  $$ select f, 'error 42501: Only planners read planning figures' from pg_temp.planner_functions $$, '… and a group owner');
select pg_temp.act('prac');
select set_eq($$ select * from pg_temp.calls() $$,
  $$ select f, 'error 42501: Only planners read planning figures' from pg_temp.planner_functions $$, '… and a practitioner');
select pg_temp.act('moder');
select set_eq($$ select * from pg_temp.calls() $$,
  $$ select f, 'error 42501: Only planners read planning figures' from pg_temp.planner_functions $$, '… and a moderator');
select pg_temp.act('service_role');
select set_eq($$ select * from pg_temp.calls() $$,
  $$ select f, 'error 42501: Only planners read planning figures' from pg_temp.planner_functions $$, '… and the server (no planner role)');
select pg_temp.act('plan');
select set_eq($$ select * from pg_temp.calls() $$, $$ select f, 'ok' from pg_temp.planner_functions $$, 'a planner calls every one');
select pg_temp.act('admin');
select set_eq($$ select * from pg_temp.calls() $$, $$ select f, 'ok' from pg_temp.planner_functions $$, '… and an admin');

select pg_temp.act('anon');
select set_eq($$ select * from pg_temp.reads() $$,
  $$ select t, 'error 42501: permission denied for table ' || t
       from unnest(array['planning_demand', 'planning_feedback', 'planning_referrals', 'planning_supply', 'planning_refreshes']) t $$,
  'anon reads no rollup');
select pg_temp.act('plan');
select set_eq($$ select * from pg_temp.reads() $$,
  $$ select t, 'error 42501: permission denied for table ' || t
       from unnest(array['planning_demand', 'planning_feedback', 'planning_referrals', 'planning_supply', 'planning_refreshes']) t $$,
  'nor does a planner');
select pg_temp.act('admin');
select set_eq($$ select * from pg_temp.reads() $$,
  $$ select t, 'error 42501: permission denied for table ' || t
       from unnest(array['planning_demand', 'planning_feedback', 'planning_referrals', 'planning_supply', 'planning_refreshes']) t $$,
  'nor an admin');
select pg_temp.act('service_role');
select is((select count(*)::int from pg_temp.reads() where outcome ~ '^[0-9]+$'), 5, 'the server reads them all');

select pg_temp.act('anon');
select set_eq($$ select * from pg_temp.internal_calls() $$, $$ select f, 'error 42501: permission denied for function ' || f from pg_temp.internals $$,
  'anon calls none of the internals');
select pg_temp.act('plan');
select set_eq($$ select * from pg_temp.internal_calls() $$, $$ select f, 'error 42501: permission denied for function ' || f from pg_temp.internals $$,
  'nor does a planner');
select pg_temp.act('admin');
select set_eq($$ select * from pg_temp.internal_calls() $$, $$ select f, 'error 42501: permission denied for function ' || f from pg_temp.internals $$,
  'nor an admin');

select pg_temp.act('plan');
select results_eq(
  $$ select pg_temp.attempt('select words_matters from public.conversations', true), pg_temp.attempt('select * from public.conversation_outcomes', true),
            pg_temp.attempt('select message from public.contact_requests', true), pg_temp.attempt('select * from public.demand_signals', true),
            pg_temp.attempt('select note from public.asset_feedback', true), pg_temp.attempt('select * from public.asset_feedback_outcomes', true) $$,
  $$ values ('0', '0', '0', 'error 42501: permission denied for table demand_signals', 'error 42501: permission denied for table asset_feedback',
             'error 42501: permission denied for table asset_feedback_outcomes') $$,
  'a planner reads no raw row: no conversation, no free text, no contact request; demand and feedback are refused');

-- ---------------------------------------------------------------------------------------------
-- The thresholds

select pg_temp.act('anon');
select is(pg_temp.attempt('select * from public.planning_settings', true), 'error 42501: permission denied for table planning_settings',
  'anon cannot read the thresholds');
select pg_temp.act('none');
select is_empty($$ select * from public.planning_settings $$, 'a signed-in person who is not a planner reads no row');
select pg_temp.act('plan');
select results_eq($$ select smallest_shown, round_to from public.planning_settings $$, $$ values (10, 5) $$, 'a planner reads them: 10 and 5');
select is(pg_temp.attempt('update public.planning_settings set smallest_shown = 1, round_to = 1', true), '0', '… but changes nothing');
select pg_temp.act('moder');
select is(pg_temp.attempt('update public.planning_settings set smallest_shown = 1', true), '0', 'nor does a moderator');
select pg_temp.act('admin');
select is(pg_temp.attempt('update public.planning_settings set smallest_shown = 20, round_to = 10', true), '1', 'an admin changes them');
select is(pg_temp.attempt('update public.planning_settings set smallest_shown = 0', true),
  'error 23514: new row for relation "planning_settings" violates check constraint "planning_settings_smallest_shown_check"',
  '… within bounds');
select is(pg_temp.attempt('delete from public.planning_settings', true), 'error 42501: permission denied for table planning_settings', '… and never removes the row');

-- ---------------------------------------------------------------------------------------------
-- Suppression at 9 and 10, and the secondary rule

-- Cardiff's cell 9, Newport's 50, Swansea's 60 (resolution-6 parents).
select pg_temp.act('plan');
select results_eq($$ select * from pg_temp.cells() $$,
  $$ values ('*', '*', 120, null), ('*', 'people', 120, null),
            ('8619586b7ffffff', '*', null, 'small'), ('8619586b7ffffff', 'people', null, 'small'),
            ('8619587a7ffffff', '*', null, 'secondary'), ('8619587a7ffffff', 'people', null, 'secondary'),
            ('86195a147ffffff', '*', 60, null), ('86195a147ffffff', 'people', 60, null) $$,
  'a cell of 9 is withheld, and the smallest other cell with it (else the total less the rest would give it)');
select pg_temp.act('owner');
insert into public.demand_signals (outcome_ids, district, h3, week) values ('{skills}', 'CF10', '8819586b4bfffff', '2020-01-06');
select pg_temp.act('service_role');
select pg_temp.rebuild();
select pg_temp.act('plan');
select results_eq($$ select * from pg_temp.cells() $$,
  $$ values ('*', '*', 120, null), ('*', 'people', 120, null),
            ('8619586b7ffffff', '*', 10, null), ('8619586b7ffffff', 'people', 10, null),
            ('8619587a7ffffff', '*', 50, null), ('8619587a7ffffff', 'people', 50, null),
            ('86195a147ffffff', '*', 60, null), ('86195a147ffffff', 'people', 60, null) $$,
  'a cell of 10 is shown, and nothing else is withheld');
select results_eq($$ select value, withheld from public.planning_demand_by_outcome('{CF10}', '2020-01-01', '2020-01-01') where r = '*' and c = '*' $$,
  $$ values (10, null::text) $$, 'the same 10 by outcome, for CF10');

select pg_temp.act('owner');
select results_eq(
  $$ select r, c, value, withheld from public.suppress_table(array[row('r1', 'c1', 3), row('r1', 'c2', 40), row('r1', 'c3', 30)]::public.planning_cell[])
      order by r collate "C", c collate "C" $$,
  $$ values ('*', '*', 75, null), ('*', 'c1', null, 'small'), ('*', 'c2', 40, null), ('*', 'c3', null, 'secondary'),
            ('r1', '*', 75, null), ('r1', 'c1', null, 'small'), ('r1', 'c2', 40, null), ('r1', 'c3', null, 'secondary') $$,
  'the secondary rule: a row with one small cell loses its smallest other cell, not the total');
-- REGRESSION: with a column all zeros (no practitioner demand yet), the grand total went before the
-- column total of the same size, and took the row total with it: nothing was shown.
select results_eq(
  $$ select r, c, value, withheld from public.suppress_table(array[row('A', 's', 30)]::public.planning_cell[], '{s,p}')
      order by r collate "C", c collate "C" $$,
  $$ values ('*', '*', 30, null), ('*', 'p', null, 'small'), ('*', 's', null, 'secondary'),
            ('A', '*', 30, null), ('A', 'p', null, 'small'), ('A', 's', null, 'secondary') $$,
  'a column of zeros costs the cells beside it, not the totals (REGRESSION: everything was withheld)');
select results_eq($$ select public.h3_parent('8819586b4bfffff', 6), public.h3_parent('8808000001fffff', 6), public.h3_parent('8619586b7ffffff', 7) $$,
  $$ values ('8619586b7ffffff', '860800007ffffff', null::text) $$,
  'h3_parent: the resolution-6 parent, a pentagon''s too; none for a coarser cell');

select pg_temp.act('service_role');
select cmp_ok((select max(refreshed_at) from public.planning_refreshes), '<=', now(), 'each rebuild is logged');

select * from finish();
rollback;
