/**
 * Framing around what lies over the map (issue 16, item 8): the legend, the panel when it is a
 * bottom sheet on a phone, any element marked data-map-overlay. Used by MapController.fitBounds.
 */

/** The gap kept between what is framed and an overlay's edge, in pixels. */
export const OVERLAY_GAP = 16;

export interface Rect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export interface Padding {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * fitBounds padding that keeps the framed box out from under the overlays: for each one (its part
 * over the map), the side it is cleared from is the nearer edge, across or down, whichever hides
 * less of the map, plus OVERLAY_GAP. The padding never takes more than 80% of the map's width or
 * height (scaled down together when it would).
 */
export function paddingAround(map: Rect, overlays: readonly Rect[], base: number): Padding {
  const width = map.right - map.left;
  const height = map.bottom - map.top;
  const pad: Padding = { top: base, bottom: base, left: base, right: base + 16 };
  for (const r of overlays) {
    const left = Math.max(r.left, map.left);
    const right = Math.min(r.right, map.right);
    const top = Math.max(r.top, map.top);
    const bottom = Math.min(r.bottom, map.bottom);
    if (right - left < 1 || bottom - top < 1) continue;
    const fromLeft = right - map.left;
    const fromRight = map.right - left;
    const fromTop = bottom - map.top;
    const fromBottom = map.bottom - top;
    const across = Math.min(fromLeft, fromRight);
    const down = Math.min(fromTop, fromBottom);
    if (across * height <= down * width) {
      if (fromLeft <= fromRight) pad.left = Math.max(pad.left, fromLeft + OVERLAY_GAP);
      else pad.right = Math.max(pad.right, fromRight + OVERLAY_GAP);
    } else if (fromTop <= fromBottom) pad.top = Math.max(pad.top, fromTop + OVERLAY_GAP);
    else pad.bottom = Math.max(pad.bottom, fromBottom + OVERLAY_GAP);
  }
  const fit = (a: 'left' | 'top', b: 'right' | 'bottom', size: number) => {
    const most = size * 0.8;
    const sum = pad[a] + pad[b];
    if (sum > most && sum > 0) {
      pad[a] = Math.floor((pad[a] * most) / sum);
      pad[b] = Math.floor((pad[b] * most) / sum);
    }
  };
  fit('left', 'right', width);
  fit('top', 'bottom', height);
  return pad;
}

/** paddingAround for the map's container and the overlays in the app around it. */
export function overlayPadding(container: HTMLElement, base: number): Padding {
  const root = container.closest('.app') ?? container.parentElement;
  const overlays = root ? [...root.querySelectorAll<HTMLElement>('.legend, .panel, [data-map-overlay]')].filter((el) => !container.contains(el)) : [];
  // The map's own bottom controls (scale bar, attribution) cover its lower edge too: Wuhai's
  // 海南区, the southernmost of its estates, was framed under them.
  const controls = [...container.querySelectorAll<HTMLElement>('.maplibregl-ctrl-bottom-left > *, .maplibregl-ctrl-bottom-right > *')];
  return paddingAround(
    container.getBoundingClientRect(),
    [...overlays, ...controls].map((el) => el.getBoundingClientRect()),
    base,
  );
}
