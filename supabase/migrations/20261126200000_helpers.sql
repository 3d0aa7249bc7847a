-- The `private` schema and the helpers every domain uses: stable error codes, the plain-text check,
-- `updated_at`, and the guard on columns only the server sets.

create schema if not exists private;
comment on schema private is
  'Helpers and trigger functions of Stadtidee; not exposed by the data API.';
-- Policies and column defaults run helpers from here as the calling API role.
grant usage on schema private to anon, authenticated, service_role;

-- Raises an error with a stable code as message (the client maps it), details for humans. The
-- SQLSTATE says what the API answers: P0001 (400) by default, 42501 (401/403), and PostgREST's
-- PTxyz for HTTP status xyz (PT409, PT429). "Not found" is passed as P0002 and raised as PT404:
-- PostgREST answers PL/pgSQL's no_data_found (P0002) with 500.
create function private.fail(code text, detail text default null, errcode text default 'P0001')
returns void
language plpgsql
volatile
set search_path = ''
as $$
begin
  raise exception '%', code using
    errcode = case fail.errcode when 'P0002' then 'PT404' else fail.errcode end,
    detail = coalesce(fail.detail, code);
end;
$$;

revoke execute on function private.fail(text, text, text) from public;
grant execute on function private.fail(text, text, text) to anon, authenticated, service_role;

-- Text a person typed must not carry markup: we render plain text, and rejecting tags at the door
-- keeps stored data safe for every consumer (open data, exports, e-mail).
create function private.has_markup(t text) returns boolean
language sql
immutable
parallel safe
set search_path = ''
as $$
  select t ~ '<\s*[A-Za-z!/?]' or t ~* 'javascript\s*:'
$$;

revoke execute on function private.has_markup(text) from public;
grant execute on function private.has_markup(text) to anon, authenticated, service_role;

-- Keeps updated_at honest (settings, goals).
create function private.touch_updated_at() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.updated_at := now();
  return new;
end;
$$;

revoke execute on function private.touch_updated_at() from public;

-- Columns only the server sets (status, counts, authorship, triage, roles and every timestamp the
-- limits and "trending" count by): column grants keep API users from writing them, and a BEFORE
-- trigger with this function refuses such a write as well, so a wrong grant cannot open them.
-- The trigger's arguments name the columns. A direct write through the API runs as `anon` or
-- `authenticated`; the definer functions that change these columns legitimately (submit_idea,
-- set_vote, set_user_role, triage_idea, the counting triggers, …) run as their owner and pass, as
-- do migrations, the seed and server tasks.
--
-- The triggers are named aa_server_columns_insert / _update: BEFORE triggers fire in the order of
-- their names, so these come first and see what the caller sent, before other triggers fill in
-- server values.
create function private.refuse_server_column_writes() returns trigger
language plpgsql
set search_path = ''
as $$
declare
  col text;
  given jsonb := to_jsonb(new);
  expected jsonb;
  default_expr text;
begin
  if current_user not in ('anon', 'authenticated') then
    return new;
  end if;
  foreach col in array tg_argv loop
    if tg_op = 'UPDATE' then
      expected := to_jsonb(old) -> col;
    else
      -- On insert, what the column's default gives (null without one): the caller may leave it
      -- out or repeat it, nothing else.
      select pg_get_expr(d.adbin, d.adrelid) into default_expr
      from pg_catalog.pg_attribute a
      join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
      where a.attrelid = tg_relid and a.attname = col;
      if default_expr is null then
        expected := 'null'::jsonb;
      else
        execute format('select coalesce(to_jsonb(%s), %L::jsonb)', default_expr, 'null') into expected;
      end if;
    end if;
    if given -> col is distinct from expected then
      perform private.fail(
        'column_protected',
        format('%s.%s is set by the server.', tg_table_name, col),
        '42501'
      );
    end if;
  end loop;
  return new;
end;
$$;

revoke execute on function private.refuse_server_column_writes() from public;

comment on function private.refuse_server_column_writes() is
  'BEFORE trigger: refuses (42501 column_protected) an API caller''s insert or update that sets one of the columns named as trigger arguments to anything but its default (insert) or its old value (update).';
