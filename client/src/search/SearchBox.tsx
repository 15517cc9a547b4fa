import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { DictKey } from '../i18n/dict.ts';
import { searchQueries, type SearchContext, type SearchKind, type SearchResult } from './api.ts';
import './search.css';

const KIND_KEYS: Record<SearchKind, DictKey> = {
  estate: 'searchKindEstate',
  zone: 'searchKindZone',
  community: 'searchKindCommunity',
  street: 'searchKindStreet',
  district: 'searchKindDistrict',
};

/** How long typing must pause before the query goes out. */
const DEBOUNCE_MS = 150;

interface Props {
  /** The programme on screen, whose estates rank first. */
  context: SearchContext | null;
  onSelect: (result: SearchResult) => void;
}

/**
 * One search box for every role (GET /api/search): estates, communities, streets, districts and
 * zones by name, full pinyin or initials. ↑ ↓ move through the results, Enter takes the highlighted
 * one (the first by default), Esc closes the list, and clears the box when the list is closed.
 */
export function SearchBox({ context, onSelect }: Props) {
  const { t } = useI18n();
  const listId = useId();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [pending, setPending] = useState(false);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const search = useQuery({ ...searchQueries.search(q, context), enabled: q.length > 0, placeholderData: keepPreviousData });
  const results = q.length > 0 ? (search.data?.results ?? []) : [];
  const settled = q === text.trim() && !search.isFetching;
  useEffect(() => setActive(0), [search.data]);

  const choose = (r: SearchResult | undefined) => {
    if (!r) return;
    setOpen(false);
    setText(r.name);
    onSelect(r);
    input.current?.blur();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      if (results.length > 0) setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter right after typing waits for the answer to what was typed.
      if (settled) choose(results[active]);
      else setPending(true);
    } else if (e.key === 'Escape') {
      // The box's own Escape: it does not also close the estate's details (App.tsx).
      e.stopPropagation();
      if (open && text) setOpen(false);
      else {
        setText('');
        input.current?.blur();
      }
    }
  };

  // Enter pressed before the results of the latest text arrived: take the first once they have.
  useEffect(() => {
    if (pending && settled) {
      setPending(false);
      choose(results[0]);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the answer settles
  }, [pending, settled, results]);

  const showList = open && text.trim().length > 0;
  const activeId = showList && results[active] ? `${listId}-${active}` : undefined;

  return (
    <div className="search-box" data-testid="search-box" data-settled={settled && !search.isPending ? 'true' : 'false'}>
      <input
        ref={input}
        type="search"
        role="combobox"
        aria-label={t('searchLabel')}
        aria-expanded={showList}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        placeholder={t('searchPlaceholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      {showList && (
        <div className="search-pop">
          <ul id={listId} role="listbox" className="search-results" aria-label={t('searchLabel')}>
            {results.map((r, i) => (
              <li
                key={`${r.kind}-${r.id ?? r.code}`}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === active}
                data-kind={r.kind}
                data-id={r.id ?? r.code ?? ''}
                className={i === active ? 'active' : undefined}
                // mousedown, not click: the input's blur would close the list first.
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(r);
                }}
                onMouseEnter={() => setActive(i)}
              >
                <span className="search-kind">{t(KIND_KEYS[r.kind])}</span>
                <span className="search-name">{r.name}</span>
                <span className="search-where">
                  {[r.district?.name, r.street?.name, r.programme && r.kind === 'estate' ? String(r.programme.year) : null].filter(Boolean).join(' · ')}
                  {r.kind === 'estate' && r.bbox === null && r.point === null ? ` · ${t('searchNotPlaced')}` : ''}
                </span>
              </li>
            ))}
          </ul>
          {search.isError ? (
            <p className="search-note error" role="alert">
              {t('searchFailed')}
            </p>
          ) : !settled && results.length === 0 ? (
            <p className="search-note">{t('searchSearching')}</p>
          ) : settled && results.length === 0 ? (
            <p className="search-note">{t('searchNoResults').replace('{q}', text.trim())}</p>
          ) : (
            <p className="search-note keys">{t('searchKeys')}</p>
          )}
        </div>
      )}
    </div>
  );
}
