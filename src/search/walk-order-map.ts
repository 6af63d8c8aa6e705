/**
 * Loading a radix tree (MiniSearch's `SearchableMap`) from a snapshot without searching it for every key.
 *
 * Why: restoring an index puts every term into its term tree, and `SearchableMap.set` walks the tree from
 * the root for each key, comparing the key with the children of every node on the way. The terms of a
 * snapshot come in the order a `SearchableMap` iterates, a depth-first walk; in that order each key shares
 * its path with the key before it down to their common prefix and then opens a branch of its own, so the
 * tree can be grown at the end of the previous key's path, and only the node where a key branches off is
 * looked at. For the lab's corpus this was about a third of restoring the engine in a `paperbot search`.
 *
 * The result is the tree that calling `set` for each entry in turn builds, the same nodes with the same
 * children in the same order (so iteration, prefix and fuzzy results are unchanged), whatever order the
 * entries come in: at the first key that does not follow a walk, the rest go through `set`.
 *
 * It relies on the layout MiniSearch documents for the constructor's `tree` argument: a `Map` per node,
 * edges keyed by their labels, and a node's own value under the empty key.
 */
import SearchableMap from 'minisearch/SearchableMap';

type Tree<T> = NonNullable<ConstructorParameters<typeof SearchableMap<T>>[0]>;
type Node<T> = Map<string, unknown> & Tree<T>;

/** The key under which a node holds its own value (MiniSearch's `LEAF`). */
const LEAF = '';

/**
 * A `SearchableMap` holding `entries`, as if each had been `set` in turn (a later duplicate key replaces the
 * value), built in time linear in the keys' length when they come in walk order (see the module comment).
 */
export function searchableMapInWalkOrder<T>(entries: Iterable<readonly [string, T]>): SearchableMap<T> {
  const root = new Map() as Node<T>;
  const map = new SearchableMap<T>(root);
  // The previous key's path: nodes[i + 1] hangs below nodes[i] by the edge labels[i]; depths[i] is how many
  // characters of the key lead to nodes[i].
  const nodes: Node<T>[] = [root];
  const labels: string[] = [];
  const depths: number[] = [0];
  let prev = '';
  let inOrder = true;
  for (const [key, value] of entries) {
    if (!inOrder) {
      map.set(key, value);
      continue;
    }
    const limit = Math.min(prev.length, key.length);
    let common = 0;
    while (common < limit && prev.charCodeAt(common) === key.charCodeAt(common)) common++;
    // The deepest node of the previous path that the key still passes through whole.
    let k = depths.length - 1;
    while (depths[k]! > common) k--;
    let node = nodes[k]!;
    if (depths[k]! < common) {
      // The key leaves the previous path inside an edge: split the edge where they part, as `set` would.
      const label = labels[k]!;
      const cut = common - depths[k]!;
      const middle = new Map() as Node<T>;
      middle.set(label.slice(cut), nodes[k + 1]!);
      node.set(label.slice(0, cut), middle);
      node.delete(label);
      labels[k] = label.slice(0, cut);
      node = middle;
      k++;
      nodes[k] = middle;
      depths[k] = common;
    }
    nodes.length = k + 1;
    depths.length = k + 1;
    labels.length = k;
    if (key.length === common) {
      node.set(LEAF, value);
    } else {
      const first = key.charCodeAt(common);
      let taken = false;
      for (const edge of node.keys()) {
        if (edge !== LEAF && edge.charCodeAt(0) === first) {
          taken = true;
          break;
        }
      }
      if (taken) {
        // An earlier, finished branch holds this key's next character: not a walk. `set` finds its place.
        inOrder = false;
        map.set(key, value);
        continue;
      }
      const leaf = new Map() as Node<T>;
      leaf.set(LEAF, value);
      const label = key.slice(common);
      node.set(label, leaf);
      labels.push(label);
      nodes.push(leaf);
      depths.push(key.length);
    }
    prev = key;
  }
  return map;
}

/**
 * The entries of a `SearchableMap` in a walk that visits each node's children in the order they were added
 * (its own iteration visits them in reverse): from this order {@link searchableMapInWalkOrder} rebuilds the
 * very same tree, children in the same order, where the map's own order would give their mirror image.
 */
export function entriesInInsertionWalk<T>(map: SearchableMap<T>): [string, T][] {
  const out: [string, T][] = [];
  const visit = (node: Node<T>, prefix: string): void => {
    for (const [edge, child] of node) {
      if (edge === LEAF) out.push([prefix, child as T]);
      else visit(child as Node<T>, prefix + edge);
    }
  };
  visit(map._tree as Node<T>, '');
  return out;
}
