/**
 * Reading a list of names as a plan document writes it: "新碶街道长江花园、高凤新村、大碶街道广电站…及
 * 郭巨街道零星老旧住宅". A street written before a name sets the street for it and the names after it,
 * until the next street. Names are matched whole against the plan's own estates and projects,
 * longest first, so a name holding a separator (镇东新村及干部楼, 环三路3号A、C、D小区) is one name.
 */
export interface NamedTarget {
  kind: 'estate' | 'project';
  id: number;
  name: string;
  /** The estate's street (null for a project). */
  streetName: string | null;
}

export interface ListItem {
  /** The text as written (without a street written before it). */
  text: string;
  /** The street written before it or before an earlier name of the run. */
  street: string | null;
  target: NamedTarget | null;
}

const SEPARATORS = new Set(['、', '及', '和', '与', ',', '，', ' ', '\u3000']);

export class NameIndex {
  private readonly byName = new Map<string, NamedTarget[]>();
  private readonly names: string[];
  private readonly streets: string[];

  constructor(targets: NamedTarget[], streets: string[]) {
    for (const t of targets) this.byName.set(t.name, [...(this.byName.get(t.name) ?? []), t]);
    this.names = [...this.byName.keys()].sort((a, b) => b.length - a.length);
    this.streets = [...new Set(streets)].sort((a, b) => b.length - a.length);
  }

  /** Everything a name may mean (an estate and a project can share a name). */
  lookup(name: string): NamedTarget[] {
    return this.byName.get(name) ?? [];
  }

  /** Names of the plan written anywhere in the text (longest first, no name inside a longer one found). */
  mentioned(text: string): string[] {
    const found: string[] = [];
    let rest = text;
    for (const n of this.names) {
      if (rest.includes(n)) {
        found.push(n);
        rest = rest.split(n).join('\u0000');
      }
    }
    return found;
  }

  /**
   * Splits a written list into items. A name of the plan is taken when it is followed by a
   * separator or the end; otherwise the text up to the next 、 is an unknown item (split at 及).
   */
  split(list: string): ListItem[] {
    const items: ListItem[] = [];
    let street: string | null = null;
    let i = 0;
    const atBoundary = (j: number) => j >= list.length || SEPARATORS.has(list[j]!);
    while (i < list.length) {
      if (SEPARATORS.has(list[i]!)) {
        i++;
        continue;
      }
      const name = this.names.find((n) => list.startsWith(n, i) && atBoundary(i + n.length));
      if (name) {
        const [target] = this.byName.get(name)!;
        items.push({ text: name, street, target: this.byName.get(name)!.length === 1 ? target! : null });
        i += name.length;
        continue;
      }
      const s = this.streets.find((x) => list.startsWith(x, i) && i + x.length < list.length && !SEPARATORS.has(list[i + x.length]!));
      if (s) {
        street = s;
        i += s.length;
        continue;
      }
      let end = list.indexOf('、', i);
      if (end < 0) end = list.length;
      for (const part of list.slice(i, end).split('及')) if (part.trim()) items.push({ text: part.trim(), street, target: null });
      i = end;
    }
    return items;
  }
}
