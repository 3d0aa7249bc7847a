-- Columns only the server sets: status, counts, authorship, triage, roles and every timestamp the
-- limits and "trending" count by. Column grants already keep API users from writing them; these
-- triggers refuse such a write as well, so a wrong grant (once a blanket re-grant on every start
-- opened them all) cannot open them again.
--
-- A direct write through the API runs as `anon` or `authenticated`. The definer functions that
-- change these columns legitimately (submit_idea, set_vote, set_user_role, triage_idea, the
-- counting triggers, …) run as their owner and pass, as do migrations, the seed and server tasks.

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

-- BEFORE triggers fire in the order of their names: these come first, so they see what the caller
-- sent, before other triggers fill in server values. On insert a caller names the row's idea (or
-- comment); afterwards that stays too.
create trigger aa_server_columns_update
  before update on public.profiles
  for each row execute function private.refuse_server_column_writes('id', 'role', 'kind', 'created_at');

create trigger aa_server_columns_insert
  before insert on public.ideas
  for each row execute function private.refuse_server_column_writes(
    'status', 'vote_count', 'comment_count', 'author_id', 'assignee_id', 'department_id',
    'priority', 'tags', 'created_at', 'published_at'
  );
create trigger aa_server_columns_update
  before update on public.ideas
  for each row execute function private.refuse_server_column_writes(
    'id', 'status', 'vote_count', 'comment_count', 'author_id', 'assignee_id', 'department_id',
    'priority', 'tags', 'created_at', 'published_at'
  );

create trigger aa_server_columns_insert
  before insert on public.comments
  for each row execute function private.refuse_server_column_writes(
    'author_id', 'status', 'hidden_reason', 'created_at'
  );
create trigger aa_server_columns_update
  before update on public.comments
  for each row execute function private.refuse_server_column_writes(
    'id', 'idea_id', 'parent_id', 'author_id', 'status', 'hidden_reason', 'created_at'
  );

create trigger aa_server_columns_insert
  before insert on public.votes
  for each row execute function private.refuse_server_column_writes('user_id', 'created_at');
create trigger aa_server_columns_update
  before update on public.votes
  for each row execute function private.refuse_server_column_writes('idea_id', 'user_id', 'created_at');

create trigger aa_server_columns_insert
  before insert on public.reports
  for each row execute function private.refuse_server_column_writes(
    'reporter_id', 'status', 'resolved_by', 'resolved_at', 'resolution_note', 'created_at'
  );
create trigger aa_server_columns_update
  before update on public.reports
  for each row execute function private.refuse_server_column_writes(
    'id', 'reporter_id', 'idea_id', 'comment_id', 'reason', 'status', 'resolved_by', 'resolved_at',
    'resolution_note', 'created_at'
  );

create trigger aa_server_columns_insert
  before insert on public.follows
  for each row execute function private.refuse_server_column_writes('user_id', 'created_at');
create trigger aa_server_columns_update
  before update on public.follows
  for each row execute function private.refuse_server_column_writes('idea_id', 'user_id', 'created_at');
