/**
 * Categories as a tree (GET /categories, nested by parentId): create one under any parent, rename or
 * move one (PUT /categories/{id}), delete one. The API's refusals (a move under its own descendant,
 * a slug taken, a category still in use, too deep) are shown as it words them. GET /categories is
 * cacheable for 30 s; the console revalidates every read (`no-cache`: an ETag round trip), or the tree
 * would show the browser's copy from before the admin's own change.
 */
import { type FormEvent, useCallback, useState } from 'react';
import { api } from '../api/client';
import { attempt, type Category, type CategoryInput } from './api';
import { OutcomeLine, useAdminData } from './ui';

const byName = (a: Category, b: Category) => a.name.localeCompare(b.name, 'pt-BR');

/** "Eletrônicos › Celulares" for every category, for the parent pickers. */
function paths(all: Category[]): Map<string, string> {
  const byId = new Map(all.map((c) => [c.id, c]));
  const label = (c: Category, seen = new Set<string>()): string => {
    const parent = c.parentId ? byId.get(c.parentId) : undefined;
    if (!parent || seen.has(parent.id)) return c.name;
    seen.add(c.id);
    return `${label(parent, seen)} › ${c.name}`;
  };
  return new Map(all.map((c) => [c.id, label(c)]));
}

function ParentSelect({ id, all, labels, value, exclude }: { id: string; all: Category[]; labels: Map<string, string>; value: string; exclude?: string }) {
  const options = all.filter((c) => c.id !== exclude).sort((a, b) => labels.get(a.id)!.localeCompare(labels.get(b.id)!, 'pt-BR'));
  return (
    <select id={id} name="parentId" defaultValue={value}>
      <option value="">(nenhuma: categoria principal)</option>
      {options.map((c) => <option key={c.id} value={c.id}>{labels.get(c.id)}</option>)}
    </select>
  );
}

const inputOf = (form: FormData): CategoryInput => {
  const slug = String(form.get('slug') ?? '').trim();
  const parentId = String(form.get('parentId') ?? '');
  return { name: String(form.get('name') ?? '').trim(), ...(slug ? { slug } : {}), parentId: parentId || null };
};

export function CategoriesPage() {
  const { data, outcome, report } = useAdminData(useCallback(() => api.GET('/categories', { cache: 'no-cache' }), []));
  const all = data?.items;
  const [editing, setEditing] = useState<string | undefined>();

  const create = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const body = inputOf(new FormData(formElement));
    if (await report(await attempt(`Categoria "${body.name}" criada.`, api.POST('/categories', { body })))) formElement.reset();
  };
  const update = async (event: FormEvent<HTMLFormElement>, id: string) => {
    event.preventDefault();
    const body = inputOf(new FormData(event.currentTarget));
    if (await report(await attempt(`Categoria "${body.name}" salva.`, api.PUT('/categories/{id}', { params: { path: { id } }, body })))) setEditing(undefined);
  };
  const remove = async (category: Category) => {
    if (!window.confirm(`Excluir a categoria "${category.name}"?`)) return;
    await report(await attempt(`Categoria "${category.name}" excluída.`, api.DELETE('/categories/{id}', { params: { path: { id: category.id } } })));
  };

  const labels = paths(all ?? []);
  const children = (parentId: string | null) => (all ?? []).filter((c) => (c.parentId ?? null) === parentId).sort(byName);
  const ids = new Set((all ?? []).map((c) => c.id));
  // A category whose parent is missing still shows, at the top.
  const roots = (all ?? []).filter((c) => !c.parentId || !ids.has(c.parentId)).sort(byName);

  const node = (category: Category) => (
    <li key={category.id}>
      <div className="tree-row">
        <span className="tree-name">{category.name}</span> <span className="hint">/{category.slug}</span>
        <span className="row-actions">
          <button type="button" className="secondary" onClick={() => setEditing(editing === category.id ? undefined : category.id)} aria-expanded={editing === category.id}>
            Editar<span className="visually-hidden"> {category.name}</span>
          </button>
          <button type="button" className="danger" onClick={() => remove(category)}>Excluir<span className="visually-hidden"> {category.name}</span></button>
        </span>
      </div>
      {editing === category.id ? (
        <form className="stack-form tree-edit" onSubmit={(e) => update(e, category.id)} aria-label={`Editar ${category.name}`}>
          <label htmlFor={`name-${category.id}`}>Nome<input id={`name-${category.id}`} name="name" defaultValue={category.name} required maxLength={80} /></label>
          <label htmlFor={`parent-${category.id}`}>Dentro de
            <ParentSelect id={`parent-${category.id}`} all={all ?? []} labels={labels} value={category.parentId ?? ''} exclude={category.id} />
          </label>
          <button type="submit">Salvar</button>
        </form>
      ) : null}
      {children(category.id).length ? <ul>{children(category.id).map(node)}</ul> : null}
    </li>
  );

  return (
    <main className="admin-main">
      <h1>Categorias</h1>
      <OutcomeLine outcome={outcome} />
      {all === undefined ? <p role="status">Carregando categorias…</p> : (
        <ul className="category-tree" data-testid="category-tree" aria-label="Árvore de categorias">{roots.map(node)}</ul>
      )}
      <section aria-labelledby="new-category">
        <h2 id="new-category">Nova categoria</h2>
        <form className="stack-form wide" onSubmit={create}>
          <label htmlFor="category-name">Nome<input id="category-name" name="name" required maxLength={80} /></label>
          <label htmlFor="category-slug">Slug (vazio: gerado do nome)<input id="category-slug" name="slug" maxLength={80} pattern="[a-z0-9\-]+" /></label>
          <label htmlFor="category-parent">Dentro de<ParentSelect id="category-parent" all={all ?? []} labels={labels} value="" /></label>
          <button type="submit">Criar categoria</button>
        </form>
      </section>
    </main>
  );
}
