/** The report page's style; `margin` is the page's margin in CSS pixels. Row heights match the script's. */
export function pageStyle(margin: number): string {
  return `
body { font-family: DejaVu Sans, Verdana, Helvetica, Arial, sans-serif; margin: ${margin}px; overflow: auto;
  font-size: 12px; color: #222; --label: 300px; --track: 800px; }
#tip { position: fixed; display: none; pointer-events: none; background: #fff; border: 1px solid #999;
  border-radius: 4px; padding: 4px 8px; font-size: 12px; box-shadow: 0 2px 6px rgba(0,0,0,.2); max-width: 640px; }
#tip th { text-align: left; color: #555; font-weight: normal; padding-right: 10px; vertical-align: top; }
#tip td { word-break: break-all; }
#detail { min-height: 34px; margin: 6px 0; padding: 4px 8px; background: #f6f6f4; border-left: 3px solid #d6266b; }
#detail .cmd { font-family: DejaVu Sans Mono, Menlo, Consolas, monospace; word-break: break-all; color: #333; }
#detail .hint { color: #777; }
#controls { display: flex; gap: 14px; align-items: center; margin: 6px 0; }
#search { width: 320px; padding: 3px 6px; font-size: 12px; }
#count { color: #666; }
.view { position: relative; overflow-y: auto; overflow-x: hidden; border: 1px solid #ddd; }
.inner { position: relative; }
#tl-view { width: calc(var(--label) + var(--track) + 2px); }
.row { position: absolute; left: 0; right: 0; height: 18px; line-height: 18px; cursor: pointer; }
.row:hover, .row.sel { background: #fbe9f0; }
.row.dim .lab { color: #999; }
.lab { position: absolute; left: 0; width: var(--label); box-sizing: border-box; overflow: hidden;
  white-space: nowrap; text-overflow: ellipsis; padding-right: 6px; }
.row.peak .lab { font-weight: bold; }
.trk { position: absolute; left: var(--label); width: var(--track); top: 0; bottom: 0;
  background: #fcfcfc; }
.trk i { position: absolute; top: 3px; height: 12px; min-width: 2px; border-radius: 2px; }
.trk i.hot { outline: 2px solid #e8590c; outline-offset: -1px; }
.peakline { position: absolute; top: 0; width: 0; border-left: 1px dashed #e8590c; z-index: 1;
  pointer-events: none; }
#table { margin-top: 12px; }
.tr { display: grid; grid-template-columns: var(--columns); height: 20px; line-height: 20px; }
.tr > span { overflow: hidden; white-space: nowrap; text-overflow: ellipsis; padding: 0 6px; }
.tr > span.num { text-align: right; font-variant-numeric: tabular-nums; }
#tb-head { font-weight: bold; border: 1px solid #ddd; border-bottom: 0; background: #f3f3f3; }
#tb-head span { cursor: pointer; user-select: none; }
#tb-inner .tr { position: absolute; left: 0; right: 0; cursor: pointer; }
#tb-inner .tr:nth-child(even) { background: #fafafa; }
#tb-inner .tr:hover, #tb-inner .tr.sel { background: #fbe9f0; }
#tb-inner .tr.peak > span:first-child { box-shadow: inset 3px 0 #e8590c; }
`;
}
