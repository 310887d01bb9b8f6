-- Prevention planning (issue 8): demand against supply, the gaps, what helped and the referral
-- flow, by area and month. Planners never read a row: they call the security definer functions
-- below, which read rollups (summary tables rebuilt by a job) and return only suppressed counts.
--
-- The rollups are keyed by month, postcode district and an H3 cell at resolution 6 (about 36 km²),
-- never finer. A rebuild replaces them in one transaction; planning_refreshes says when.

-- Demo rows of the anonymous tables can be told apart, so a reseed removes exactly them.
alter table public.demand_signals add column is_demo boolean not null default false;
alter table public.asset_feedback add column is_demo boolean not null default false;

-- ---------------------------------------------------------------------------------------------
-- Thresholds are configuration: one row, changed by an admin (or service_role) only.

create table public.planning_settings (
  id boolean primary key default true check (id),
  -- A count under this is withheld.
  smallest_shown integer not null default 10 check (smallest_shown between 1 and 1000),
  -- Shown counts are rounded to the nearest multiple of this.
  round_to integer not null default 5 check (round_to between 1 and 100),
  updated_at timestamptz not null default now()
);
insert into public.planning_settings default values;
alter table public.planning_settings enable row level security;
create policy "planners and admins read the thresholds" on public.planning_settings for select to authenticated
  using (public.has_role('planner'));
create policy "admins change the thresholds" on public.planning_settings for update to authenticated
  using (public.has_role('admin')) with check (public.has_role('admin'));
create policy "service role manages the thresholds" on public.planning_settings for all to service_role using (true) with check (true);
revoke all on public.planning_settings from anon, authenticated;
grant select on public.planning_settings to authenticated;
grant update (smallest_shown, round_to) on public.planning_settings to authenticated;

-- ---------------------------------------------------------------------------------------------
-- H3 parent cell, in SQL, so the rollups need no extension: an H3 index is 64 bits; the
-- resolution sits in bits 52-55 and each finer level is a 3-bit digit, set to 7 when unused.

create function public.h3_parent(cell text, resolution integer) returns text
  language plpgsql immutable strict set search_path = ''
  as $$
  declare
    bits bigint;
    own integer;
  begin
    if cell !~ '^[0-9a-f]{15,16}$' or resolution not between 0 and 15 then return null; end if;
    bits := ('x' || lpad(cell, 16, '0'))::bit(64)::bigint;
    own := ((bits >> 52) & 15)::integer;
    if own < resolution then return null; end if;
    -- The new resolution, then every digit below it set to 7 (binary 111).
    bits := (bits & ~(15::bigint << 52)) | (resolution::bigint << 52);
    for digit in resolution + 1 .. 15 loop
      bits := bits | (7::bigint << ((15 - digit) * 3));
    end loop;
    return ltrim(to_hex(bits), '0');
  end
  $$;
revoke execute on function public.h3_parent(text, integer) from public, anon, authenticated;

-- ---------------------------------------------------------------------------------------------
-- The rollups. RLS on, service_role only: no API role reads them, planners go through functions.

-- Outcomes people named: from self-service journeys and from practitioners' conversations.
create table public.planning_demand (
  month date not null,
  district text,
  h3 text,
  source text not null check (source in ('self_service', 'practitioner')),
  outcome_id text not null,
  people integer not null
);
create index planning_demand_area_idx on public.planning_demand (district, month);
create index planning_demand_month_idx on public.planning_demand (month);

-- What helped: feedback by outcome and kind of offer, with the rating.
create table public.planning_feedback (
  month date not null,
  district text,
  h3 text,
  outcome_id text not null,
  offer_kind text not null,
  rating text not null,
  people integer not null
);
create index planning_feedback_area_idx on public.planning_feedback (district, month);
create index planning_feedback_month_idx on public.planning_feedback (month);

-- Signposts and referrals by outcome, kind of offer, and where they got to.
create table public.planning_referrals (
  month date not null,
  district text,
  h3 text,
  outcome_id text,
  offer_kind text,
  kind text not null,
  status text not null,
  people integer not null
);
create index planning_referrals_area_idx on public.planning_referrals (district, month);
create index planning_referrals_month_idx on public.planning_referrals (month);

-- Supply: published offers by where they meet, outcome and kind. Online-only offers have no
-- place (district null): they are counted apart, as available anywhere.
create table public.planning_supply (
  district text,
  h3 text,
  outcome_id text not null,
  offer_kind text not null,
  offers integer not null,
  waiting_list integer not null,
  reviewed_in_6_months integer not null,
  not_reviewed_in_a_year integer not null
);
create index planning_supply_area_idx on public.planning_supply (district);

-- Areas of whole countries (all of Wales, or everywhere): each planner table's cells per month and
-- country, so such an area reads a few thousand rows instead of a rollup's hundred thousand (1M
-- raw rows, all of Wales for 12 months: 137,000 rows of planning_feedback, 8,300 here). r and c are
-- the functions' own rows and columns: 'demand' outcome × source, 'cell' H3 cell ('-' none) ×
-- outcome, 'helped' outcome|kind × rating, 'flow' outcome ('-' none) × kind_attending/_other.
-- country is null for rows with no district. Made from the rollups above by the same rebuild.
create table public.planning_countries (
  month date not null,
  country text,
  measure text not null check (measure in ('demand', 'cell', 'helped', 'flow')),
  r text not null,
  c text not null,
  people integer not null
);
create index planning_countries_idx on public.planning_countries (measure, month);

create table public.planning_refreshes (
  id bigint generated always as identity primary key,
  refreshed_at timestamptz not null default now(),
  took_ms integer not null,
  source_rows bigint not null
);

alter table public.planning_demand enable row level security;
alter table public.planning_feedback enable row level security;
alter table public.planning_referrals enable row level security;
alter table public.planning_supply enable row level security;
alter table public.planning_refreshes enable row level security;
alter table public.planning_countries enable row level security;
create policy "service role manages demand rollup" on public.planning_demand for all to service_role using (true) with check (true);
create policy "service role manages feedback rollup" on public.planning_feedback for all to service_role using (true) with check (true);
create policy "service role manages referral rollup" on public.planning_referrals for all to service_role using (true) with check (true);
create policy "service role manages supply rollup" on public.planning_supply for all to service_role using (true) with check (true);
create policy "service role manages refreshes" on public.planning_refreshes for all to service_role using (true) with check (true);
create policy "service role manages country rollup" on public.planning_countries for all to service_role using (true) with check (true);
revoke all on public.planning_demand, public.planning_feedback, public.planning_referrals, public.planning_supply,
  public.planning_refreshes, public.planning_countries from anon, authenticated;

-- Rebuilds every rollup from the raw rows, in one transaction, and logs when. Idempotent; the
-- embedded server runs it on a timer, elsewhere `npm run jobs -- refresh-planning` or pg_cron.
-- A conversation erased or deleted drops out at the next rebuild.
-- Truncated, not deleted: the embedded database (PGlite) never vacuums, so each rebuild's deleted
-- rows would stay and every planner query would read through them (a planner waits for a rebuild
-- in progress instead). Each cell's parent is worked out once (h3_parent for every raw row was
-- half the rebuild), and the rollups are analyzed at the end: PGlite never does it by itself, and
-- without statistics the planner misjudges them by a thousandfold.
create function public.refresh_planning_rollups() returns integer
  language plpgsql security definer set search_path = ''
  as $$
  declare
    started timestamptz := clock_timestamp();
    counted bigint := 0;
    step bigint;
  begin
    -- One rebuild at a time; a second caller waits, then rebuilds from fresh rows.
    perform pg_advisory_xact_lock(hashtext('public.refresh_planning_rollups'));
    truncate public.planning_demand, public.planning_feedback, public.planning_referrals, public.planning_supply,
      public.planning_countries;

    insert into public.planning_demand (month, district, h3, source, outcome_id, people)
    with cells as materialized (select x.h3, public.h3_parent(x.h3, 6) as parent from (select distinct d.h3 from public.demand_signals d) x)
    select date_trunc('month', d.week)::date, d.district, p.parent, 'self_service', o, count(*)
      from public.demand_signals d
      left join cells p on p.h3 = d.h3
      cross join unnest(d.outcome_ids) o
     group by 1, 2, 3, 5;
    get diagnostics step = row_count;
    counted := counted + step;

    -- A conversation counts from when it was started; drafts are not yet a conversation.
    insert into public.planning_demand (month, district, h3, source, outcome_id, people)
    with cells as materialized (select x.h3, public.h3_parent(x.h3, 6) as parent from (select distinct c.h3 from public.conversations c) x)
    select date_trunc('month', c.created_at at time zone 'Europe/London')::date, c.district, p.parent,
           'practitioner', co.outcome_id, count(*)
      from public.conversations c
      left join cells p on p.h3 = c.h3
      join public.conversation_outcomes co on co.conversation_id = c.id
     where c.status <> 'draft'
     group by 1, 2, 3, 5;
    get diagnostics step = row_count;
    counted := counted + step;

    insert into public.planning_feedback (month, district, h3, outcome_id, offer_kind, rating, people)
    with cells as materialized (select x.h3, public.h3_parent(x.h3, 6) as parent from (select distinct f.h3 from public.asset_feedback f) x)
    select date_trunc('month', f.week)::date, f.district, p.parent, fo.outcome_id, f.offer_kind, f.rating, count(*)
      from public.asset_feedback f
      left join cells p on p.h3 = f.h3
      join public.asset_feedback_outcomes fo on fo.feedback_id = f.id
     group by 1, 2, 3, 4, 5, 6;
    get diagnostics step = row_count;
    counted := counted + step;

    insert into public.planning_referrals (month, district, h3, outcome_id, offer_kind, kind, status, people)
    with cells as materialized (select x.h3, public.h3_parent(x.h3, 6) as parent from (select distinct c.h3 from public.conversations c) x)
    select date_trunc('month', s.created_at at time zone 'Europe/London')::date, c.district, p.parent,
           s.outcome_id, f.kind, s.kind, s.status, count(*)
      from public.signposts s
      join public.conversations c on c.id = s.conversation_id
      left join cells p on p.h3 = c.h3
      left join public.offers f on f.id = s.offer_id
     -- As in demand: a draft is not yet a conversation, so its signposts wait with it.
     where c.status <> 'draft'
     group by 1, 2, 3, 4, 5, 6, 7;
    get diagnostics step = row_count;
    counted := counted + step;

    -- An offer meeting in several places counts once in each district it meets in.
    insert into public.planning_supply (district, h3, outcome_id, offer_kind, offers, waiting_list,
                                        reviewed_in_6_months, not_reviewed_in_a_year)
    select places.district, places.h3, oo.outcome_id, f.kind, count(*),
           count(*) filter (where f.capacity = 'waiting_list'),
           count(*) filter (where coalesce(f.last_reviewed_at, f.created_at) >= now() - interval '6 months'),
           count(*) filter (where coalesce(f.last_reviewed_at, f.created_at) < now() - interval '1 year')
      from public.offers f
      join public.organisations g on g.id = f.organisation_id and g.status = 'published'
      join public.offer_outcomes oo on oo.offer_id = f.id
      cross join lateral (
        select distinct l.outcode as district, public.h3_parent(l.h3, 6) as h3
          from public.offer_locations ol join public.locations l on l.id = ol.location_id
         where ol.offer_id = f.id
        union all
        select null, null where f.attendance = 'online'
      ) places
     where f.status = 'published'
     group by 1, 2, 3, 4;
    get diagnostics step = row_count;
    counted := counted + step;

    -- The same cells by country (not counted in the rows returned: they repeat the rollups').
    insert into public.planning_countries (month, country, measure, r, c, people)
    select x.month, p.country, x.measure, x.r, x.c, sum(x.people)
      from (select d.month, d.district, 'demand' as measure, d.outcome_id as r, d.source as c, d.people
              from public.planning_demand d
            union all
            select d.month, d.district, 'cell', coalesce(d.h3, '-'), d.outcome_id, d.people
              from public.planning_demand d
            union all
            select f.month, f.district, 'helped', f.outcome_id || '|' || f.offer_kind,
                   case when f.rating in ('helped_a_lot', 'helped_a_bit') then 'helped' else f.rating end, f.people
              from public.planning_feedback f
            union all
            select s.month, s.district, 'flow', coalesce(s.outcome_id, '-'),
                   s.kind || case when s.status = 'attending' then '_attending' else '_other' end, s.people
              from public.planning_referrals s) x
      left join public.postcode_districts p on p.outcode = x.district
     group by 1, 2, 3, 4, 5;

    analyze public.planning_demand, public.planning_feedback, public.planning_referrals, public.planning_supply,
      public.planning_countries;

    insert into public.planning_refreshes (took_ms, source_rows)
    values ((extract(epoch from clock_timestamp() - started) * 1000)::integer, counted);
    delete from public.planning_refreshes r where r.refreshed_at < now() - interval '90 days';
    return counted::integer;
  end
  $$;
revoke execute on function public.refresh_planning_rollups() from public, anon, authenticated;
grant execute on function public.refresh_planning_rollups() to service_role;

-- ---------------------------------------------------------------------------------------------
-- Suppression, one rule for every table. A table is cells (row r, column c, count n). Its row
-- and column totals and grand total are published with it (r or c = '*'). Then:
--   1. primary: any cell or total under smallest_shown is withheld ('small');
--   2. secondary: each row (its cells and its total) and each column is one sum; where exactly one
--      member of a sum is withheld, the smallest other shown member is withheld too ('secondary'),
--      repeated until no sum has a lone withheld member. So no withheld count is a difference;
--   3. every shown count is rounded to the nearest round_to.
-- Not granted to anyone: only the planning functions below call it.

create type public.planning_cell as (r text, c text, n bigint);

create function public.suppress_table(cells public.planning_cell[], columns text[] default '{}')
  returns table (r text, c text, value integer, withheld text)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    smallest integer;
    rounding integer;
    changed boolean := true;
    sums record;
  begin
    select s.smallest_shown, s.round_to into smallest, rounding from public.planning_settings s;
    create temp table if not exists pg_temp.suppressing (r text, c text, n bigint, state text) on commit drop;
    -- A caller with SQL of their own could make pg_temp.suppressing first and read every raw count
    -- from it afterwards: work only in a table this function's owner made.
    if (select t.relowner from pg_catalog.pg_class t where t.oid = 'pg_temp.suppressing'::regclass)
       <> (select o.oid from pg_catalog.pg_roles o where o.rolname = current_user) then
      raise exception 'Planning figures are worked out in a table of their own' using errcode = '42501';
    end if;
    truncate pg_temp.suppressing;
    -- The whole grid: every row present by every column present or named in `columns`; a missing count
    -- is a zero, withheld like any small count (else a total minus the shown cells would give it).
    insert into pg_temp.suppressing
    select rows.r, cols.c, coalesce(sum(x.n), 0), null
      from (select distinct y.r from unnest(cells) y) rows
      cross join (select y.c from unnest(cells) y union select unnest(columns)) cols
      left join unnest(cells) x on x.r = rows.r and x.c = cols.c
     group by rows.r, cols.c;
    insert into pg_temp.suppressing
    select x.r, '*', sum(x.n), null from pg_temp.suppressing x group by x.r;
    insert into pg_temp.suppressing
    select '*', x.c, sum(x.n), null from pg_temp.suppressing x where x.c <> '*' group by x.c;
    insert into pg_temp.suppressing
    select '*', '*', coalesce(sum(x.n), 0), null from pg_temp.suppressing x where x.r <> '*' and x.c <> '*';

    update pg_temp.suppressing x set state = 'small' where x.n < smallest;

    while changed loop
      changed := false;
      -- Each sum is a row (same r) or a column (same c); '*' rows and columns are sums as well.
      for sums in
        select 'row' as direction, x.r as key from pg_temp.suppressing x
         group by x.r having count(*) filter (where x.state is not null) = 1 and count(*) > 1
        union all
        select 'column', x.c from pg_temp.suppressing x
         group by x.c having count(*) filter (where x.state is not null) = 1 and count(*) > 1
      loop
        -- An earlier step in this pass may already have given this sum a second withheld member.
        continue when (select count(*) from pg_temp.suppressing y where y.state is not null
                        and ((sums.direction = 'row' and y.r = sums.key) or (sums.direction = 'column' and y.c = sums.key))) <> 1;
        update pg_temp.suppressing x set state = 'secondary'
         where (x.r, x.c) = (
           select y.r, y.c from pg_temp.suppressing y
            where y.state is null
              and ((sums.direction = 'row' and y.r = sums.key) or (sums.direction = 'column' and y.c = sums.key))
            -- The smallest shown count goes; a total only when no cell is left to take, and the
            -- grand total last (taking it would cost a row total as well).
            order by (y.r = '*' or y.c = '*'), (y.r = '*' and y.c = '*'), y.n, y.r, y.c
            limit 1
         );
        changed := true;
      end loop;
    end loop;

    return query
      select x.r, x.c,
             case when x.state is null then (round(x.n::numeric / rounding) * rounding)::integer end,
             x.state
        from pg_temp.suppressing x;
  end
  $$;
revoke execute on function public.suppress_table(public.planning_cell[], text[]) from public, anon, authenticated;

-- Only planners (and admins, who hold every role) call the planning functions.
create function public.assert_planner() returns void
  language plpgsql security definer set search_path = ''
  as $$
  begin
    if not public.has_role('planner') then
      raise exception 'Only planners read planning figures' using errcode = '42501';
    end if;
  end
  $$;
revoke execute on function public.assert_planner() from public, anon, authenticated;

-- The period is whole months, from_month to to_month inclusive; districts null means everywhere
-- (including rows with no district), an array means those districts only.

-- An area as the countries it takes in whole (read from planning_countries) and the districts left
-- over (read from the district rollups). Everywhere (null) is all of planning_countries: both empty.
create function public.planning_area(districts text[], out whole text[], out rest text[])
  language sql stable set search_path = ''
  as $$
    -- Joins, not `= any(districts)`: a cached plan would search the array once per district.
    with asked as (select distinct d as outcode from unnest(districts) d),
    countries as (
      select p.country from public.postcode_districts p left join asked a on a.outcode = p.outcode
       group by p.country
      having districts is not null and bool_and(a.outcode is not null)
    )
    select array(select x.country from countries x),
           array(select a.outcode from asked a left join public.postcode_districts p on p.outcode = a.outcode
                  where p.country is null or not exists (select 1 from countries x where x.country = p.country))
  $$;
revoke execute on function public.planning_area(text[]) from public, anon, authenticated;

-- Demand by outcome: rows are outcomes, columns the source.
create function public.planning_demand_by_outcome(districts text[], from_month date, to_month date)
  returns table (r text, c text, value integer, withheld text)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    area record;
  begin
    perform public.assert_planner();
    select * into area from public.planning_area(districts);
    return query select * from public.suppress_table(array(
      select row(x.r, x.c, sum(x.people))::public.planning_cell
        from (select k.r, k.c, k.people from public.planning_countries k
               where k.measure = 'demand' and k.month between date_trunc('month', from_month) and to_month
                 and (districts is null or k.country = any(area.whole))
              union all
              select d.outcome_id, d.source, d.people from public.planning_demand d
               where d.month between date_trunc('month', from_month) and to_month
                 and d.district = any(area.rest)) x
       group by x.r, x.c), array['self_service', 'practitioner']);
  end
  $$;

-- Demand by month: rows are months (first day), columns the source. Every month in the period
-- is a row, so an empty month shows as withheld rather than missing.
create function public.planning_demand_by_month(districts text[], from_month date, to_month date)
  returns table (r text, c text, value integer, withheld text)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    area record;
  begin
    perform public.assert_planner();
    select * into area from public.planning_area(districts);
    return query select * from public.suppress_table(array(
      select row(to_char(m, 'YYYY-MM-DD'), s.source, coalesce(sum(x.people), 0))::public.planning_cell
        from generate_series(date_trunc('month', from_month), to_month, interval '1 month') m
        cross join (values ('self_service'), ('practitioner')) s (source)
        left join (select k.month, k.c as source, k.people from public.planning_countries k
                    where k.measure = 'demand' and k.month between date_trunc('month', from_month) and to_month
                      and (districts is null or k.country = any(area.whole))
                   union all
                   select d.month, d.source, d.people from public.planning_demand d
                    where d.month between date_trunc('month', from_month) and to_month
                      and d.district = any(area.rest)) x
          on x.month = m::date and x.source = s.source
       group by m, s.source));
  end
  $$;

-- Demand by map cell (H3, resolution 6) for one outcome or all: rows are cells, one column.
-- Rows with no cell are counted under r = '-' (shown in the table, not on the map).
create function public.planning_demand_by_cell(districts text[], from_month date, to_month date, outcome text)
  returns table (r text, c text, value integer, withheld text)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    area record;
  begin
    perform public.assert_planner();
    select * into area from public.planning_area(districts);
    return query select * from public.suppress_table(array(
      select row(x.r, 'people', sum(x.people))::public.planning_cell
        from (select k.r, k.people from public.planning_countries k
               where k.measure = 'cell' and k.month between date_trunc('month', from_month) and to_month
                 and (districts is null or k.country = any(area.whole))
                 and (outcome is null or k.c = outcome)
              union all
              select coalesce(d.h3, '-'), d.people from public.planning_demand d
               where d.month between date_trunc('month', from_month) and to_month
                 and d.district = any(area.rest)
                 and (outcome is null or d.outcome_id = outcome)) x
       group by x.r));
  end
  $$;

-- What helped: rows are outcome|kind of offer, columns the rating. A rate is read from the
-- shown counts only, so a withheld count never leaks through a percentage.
create function public.planning_what_helped(districts text[], from_month date, to_month date)
  returns table (r text, c text, value integer, withheld text)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    area record;
  begin
    perform public.assert_planner();
    select * into area from public.planning_area(districts);
    return query select * from public.suppress_table(array(
      select row(x.r, x.c, sum(x.people))::public.planning_cell
        from (select k.r, k.c, k.people from public.planning_countries k
               where k.measure = 'helped' and k.month between date_trunc('month', from_month) and to_month
                 and (districts is null or k.country = any(area.whole))
              union all
              select f.outcome_id || '|' || f.offer_kind,
                     case when f.rating in ('helped_a_lot', 'helped_a_bit') then 'helped' else f.rating end,
                     f.people
                from public.planning_feedback f
               where f.month between date_trunc('month', from_month) and to_month
                 and f.district = any(area.rest)) x
       group by x.r, x.c), array['helped', 'did_not_help', 'did_not_go']);
  end
  $$;

-- Referral flow: rows are outcomes ('-' when the signpost named none), columns are signposts
-- and referrals that became attending, and those that did not (yet).
create function public.planning_referral_flow(districts text[], from_month date, to_month date)
  returns table (r text, c text, value integer, withheld text)
  language plpgsql security definer set search_path = ''
  as $$
  declare
    area record;
  begin
    perform public.assert_planner();
    select * into area from public.planning_area(districts);
    return query select * from public.suppress_table(array(
      select row(x.r, x.c, sum(x.people))::public.planning_cell
        from (select k.r, k.c, k.people from public.planning_countries k
               where k.measure = 'flow' and k.month between date_trunc('month', from_month) and to_month
                 and (districts is null or k.country = any(area.whole))
              union all
              select coalesce(s.outcome_id, '-'),
                     s.kind || case when s.status = 'attending' then '_attending' else '_other' end,
                     s.people
                from public.planning_referrals s
               where s.month between date_trunc('month', from_month) and to_month
                 and s.district = any(area.rest)) x
       group by x.r, x.c), array['signpost_attending', 'signpost_other', 'referral_attending', 'referral_other']);
  end
  $$;

-- Supply: listings are public, so these are plain counts (not people, not suppressed).
create function public.planning_supply_by_outcome(districts text[])
  returns table (outcome_id text, offers integer, online_offers integer, waiting_list integer,
                 reviewed_in_6_months integer, not_reviewed_in_a_year integer)
  language plpgsql security definer set search_path = ''
  as $$
  begin
    perform public.assert_planner();
    return query
      select s.outcome_id,
             coalesce(sum(s.offers) filter (where s.district is not null), 0)::integer,
             coalesce(sum(s.offers) filter (where s.district is null), 0)::integer,
             sum(s.waiting_list)::integer, sum(s.reviewed_in_6_months)::integer, sum(s.not_reviewed_in_a_year)::integer
        from public.planning_supply s
       where s.district is null or districts is null or s.district = any(districts)
       group by s.outcome_id;
  end
  $$;

-- Supply by map cell, for one outcome or all (in-person offers only: online ones have no place).
create function public.planning_supply_by_cell(districts text[], outcome text)
  returns table (h3 text, offers integer)
  language plpgsql security definer set search_path = ''
  as $$
  begin
    perform public.assert_planner();
    return query
      select s.h3, sum(s.offers)::integer
        from public.planning_supply s
       where s.h3 is not null
         and (districts is null or s.district = any(districts))
         and (outcome is null or s.outcome_id = outcome)
       group by s.h3;
  end
  $$;

-- When the rollups were last rebuilt, and the thresholds in force, for the page to say.
create function public.planning_status()
  returns table (refreshed_at timestamptz, smallest_shown integer, round_to integer)
  language plpgsql security definer set search_path = ''
  as $$
  begin
    perform public.assert_planner();
    return query
      select (select max(r.refreshed_at) from public.planning_refreshes r), s.smallest_shown, s.round_to
        from public.planning_settings s;
  end
  $$;

do $$
declare
  f text;
begin
  foreach f in array array[
    'planning_demand_by_outcome(text[], date, date)', 'planning_demand_by_month(text[], date, date)',
    'planning_demand_by_cell(text[], date, date, text)', 'planning_what_helped(text[], date, date)',
    'planning_referral_flow(text[], date, date)', 'planning_supply_by_outcome(text[])',
    'planning_supply_by_cell(text[], text)', 'planning_status()'
  ] loop
    execute format('revoke execute on function public.%s from public, anon, authenticated', f);
    execute format('grant execute on function public.%s to authenticated', f);
    -- Planned for the area and period of each call. A session keeps a function's statements, and
    -- after five calls PostgreSQL may settle on one plan for any arguments; for `districts is null or
    -- district = any(districts)` that plan cannot use the (district, month) index, so a few
    -- districts read every row of the period (measured: one authority over 3 years, 35 ms → 300 ms).
    execute format('alter function public.%s set plan_cache_mode = force_custom_plan', f);
  end loop;
  -- With search_path '' the caller's temporary schema is still searched first for types, so a
  -- planner with raw SQL could shadow `text` with a type of their own that runs as the owner.
  -- Naming pg_temp last closes that for every security definer function of this migration.
  foreach f in array array[
    'planning_demand_by_outcome(text[], date, date)', 'planning_demand_by_month(text[], date, date)',
    'planning_demand_by_cell(text[], date, date, text)', 'planning_what_helped(text[], date, date)',
    'planning_referral_flow(text[], date, date)', 'planning_supply_by_outcome(text[])',
    'planning_supply_by_cell(text[], text)', 'planning_status()', 'refresh_planning_rollups()',
    'suppress_table(public.planning_cell[], text[])', 'assert_planner()'
  ] loop
    execute format('alter function public.%s set search_path = pg_catalog, pg_temp', f);
  end loop;
end
$$;

-- The first dashboard (issue 5) is replaced by these: it had no area, trend or secondary rule.
drop function public.demand_by_outcome(date, date);
