"""What the page says and draws around the map: the legend per colormap, the bookmark menu and
its cost question, what a permalink had that does not apply, the loss chart's axes and clipping,
pin text that does not break inside numbers, and axis labels that stay on their axis."""

from __future__ import annotations

import re

import pytest

from .conftest import EXPERIMENT, answer_tiles_not_ready, open_explorer

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 800}


@pytest.fixture(autouse=True)
def no_tile_compute(page):
    answer_tiles_not_ready(page)


def _bookmark(page, preset: str) -> str:
    return page.evaluate(
        """(p) => [...document.querySelectorAll('#bookmarks option')]
        .map((o) => o.value).find((v) => v.startsWith(p + '|'))""",
        preset,
    )


def _cost_text(page, preset: str) -> str:
    page.select_option("#bookmarks", _bookmark(page, preset))
    page.locator("#costly").wait_for(state="visible")  # the test server computes on a CPU
    text = page.locator("#costly-text").inner_text()
    page.click("#costly-cancel")
    page.locator("#costly").wait_for(state="hidden")
    return text


def test_legend_note_fits_the_colormap(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    note = page.locator("#legend-note")
    assert note.inner_text().startswith("dark ends: slowest runs")  # Spectral
    page.select_option("#colormap", "gray")
    assert "black: diverged, white: converged" in note.inner_text()
    assert "dark ends" not in note.inner_text() and "pale middle" not in note.inner_text()
    page.select_option("#colormap", "viridis")
    assert "dark purple: diverged, yellow: converged" in note.inner_text()
    page.select_option("#layer", "lyapunov")
    assert "black" not in note.inner_text() and "dark purple: chaotic" in note.inner_text()
    page.reload()  # from the permalink (cmap=viridis) too
    page.wait_for_function("() => window.trainscape && window.trainscape.state.exp")
    assert "dark purple: chaotic, yellow: contracting" in note.inner_text()


def test_bookmark_cost_text_is_right_for_presets_and_custom_experiments(page):
    open_explorer(page, f"?e={EXPERIMENT}")
    text = _cost_text(page, "tanh")
    assert "quick preset shown now is one colour there" in text, text
    created = page.request.post(
        page.base_url + "/api/experiments", data={"activation": "tanh", "width": 4, "steps": 20}
    )
    assert created.ok, created.text()
    cid = created.json()["id"]
    open_explorer(page, f"?e={cid}")
    text = _cost_text(page, "tanh")
    assert "quick preset" not in text, text
    assert f"instead of the experiment shown now (custom {cid})" in text, text
    assert "width 16, 500 steps" in text, text
    open_explorer(page, "?e=relu")
    text = _cost_text(page, "relu")
    assert "on this net's boundary (width 16, 500 steps)." in text and "opens in" not in text


def test_bookmark_menu_labels_are_short_and_the_placeholder_fits(page):
    page.set_viewport_size(WIDE)
    open_explorer(page, f"?e={EXPERIMENT}")
    labels = page.locator("#bookmarks option").all_inner_texts()
    assert "tanh — fig. window" in labels, labels
    assert not any(label.endswith(": Paper figure window") for label in labels), labels
    assert max(len(label) for label in labels) <= 32, labels
    # the closed select shows the placeholder whole (text + padding + arrow within its box)
    fits = page.evaluate(
        """() => {
            const s = document.getElementById('bookmarks');
            const ctx = document.createElement('canvas').getContext('2d');
            const cs = getComputedStyle(s);
            ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
            const text = ctx.measureText(s.options[s.selectedIndex].text).width;
            return { text, box: s.clientWidth, value: s.value };
        }"""
    )
    assert fits["value"] == "" and fits["text"] + 28 <= fits["box"], fits


def test_a_permalink_says_in_one_toast_what_it_ignored_and_adjusted(page):
    px = 2**55 + 12345  # a pixel at zoom 48; the same place at zoom 99 is px * 2^51
    x99 = (2 * px + 1) * 2**50
    query = f"?e=tanh-quick&z=99&x={x99}&y={x99}&cmap=nope&layer=zzz&step=7&pin=garbage&lock=1"
    open_explorer(page, query)
    page.wait_for_function("() => document.getElementById('toast').textContent.includes('z=99')")
    toast = page.locator("#toast").inner_text()
    for want in ("cmap=nope", "layer=zzz", "step=7", "pin=garbage", "z=99 → 48"):
        assert want in toast, toast
    assert toast.startswith("Ignored: ") and "Adjusted: " in toast, toast
    view = page.evaluate("() => window.trainscape.currentView()")
    assert view["z"] == 48 and view["x"] == f"{px}.5" and view["y"] == f"{px}.5", view
    assert view["cmap"] == "Spectral" and view["layer"] == "measure" and view["step"] is None
    assert view["lock"] is True  # what was valid is kept
    assert "z=48" in page.url and f"x={px}.5" in page.url


def test_loss_chart_steps_mark_and_empty_axis(page):
    open_explorer(page, "?e=tanh-quick&step=25")
    chart = page.locator("#chart")
    assert chart.get_attribute("data-xmax") == "99"  # the experiment's steps, not 0..1
    assert chart.get_attribute("data-xticks") == "0 20 40 60 80"
    box = page.evaluate(
        "() => { const c = document.getElementById('chart'); return [c.clientWidth]; }"
    )
    mark = float(chart.get_attribute("data-mark"))
    left, right = 52, box[0] - 10  # plot.js PAD
    assert abs(mark - (left + (right - left) * 25 / 99)) < 0.5, (mark, box)


def test_loss_chart_clips_a_diverged_curve_and_labels_its_top(page):
    page.set_viewport_size(WIDE)
    # zoom 1 of tanh-quick@10: pixel (256, 20) has a huge eta2 (diverges), (100, 400) converges
    open_explorer(page, f"?e={EXPERIMENT}&z=1&x=256&y=256&pin=1/256/20&pin=1/100/400")
    page.wait_for_function("() => window.trainscape.pins.items.every((p) => p.run)")
    runs = page.evaluate("() => window.trainscape.pins.items.map((p) => p.run.converged)")
    assert runs == [False, True], runs
    chart = page.locator("#chart")
    assert chart.get_attribute("data-xticks") == "0 2 4 6 8"
    top = chart.get_attribute("data-top")
    assert re.fullmatch(r"\d\.\de\d+", top), top
    exits = chart.get_attribute("data-exits").split(",")
    assert exits[0] != "" and 0 <= float(exits[0]) <= 9 and exits[1] == "", exits
    # after it leaves, the curve (pin 1: #111) is gone, not drawn along the top edge
    dark = page.evaluate(
        """(exit) => {
            const c = document.getElementById('chart');
            const dpr = window.devicePixelRatio || 1;
            const w = c.clientWidth;
            const x0 = 52 + (w - 62) * exit / 9 + 8; // plot.js PAD; 8 px past the arrowhead
            const x1 = w - 12;
            const d = c.getContext('2d').getImageData(
                Math.round(x0 * dpr), Math.round(9 * dpr),
                Math.round((x1 - x0) * dpr), Math.round(4 * dpr)).data;
            let n = 0;
            for (let i = 0; i < d.length; i += 4) {
                if (d[i + 3] > 100 && Math.max(d[i], d[i + 1], d[i + 2]) < 90) n += 1;
            }
            return n;
        }""",
        float(exits[0]),
    )
    assert dark == 0, dark


def test_pin_text_never_breaks_inside_a_number(page):
    page.set_viewport_size(WIDE)
    open_explorer(page, f"?e={EXPERIMENT}&layer=lyapunov&z=1&x=256&y=256&pin=1/300/150")
    page.wait_for_function("() => window.trainscape.pins.items.every((p) => p.run)")
    assert "λ " in page.locator("#pins .info").inner_text()
    split = page.evaluate(
        r"""async () => {
            const panel = document.querySelector('.panel');
            const out = [];
            for (let w = 220; w <= 360; w += 2) {
                panel.style.width = `${w}px`;
                await new Promise((r) => requestAnimationFrame(r));
                const info = document.querySelector('#pins .info');
                const walk = document.createTreeWalker(info, NodeFilter.SHOW_TEXT);
                for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                    for (const m of n.textContent.matchAll(/-?\d[\d.e+-]*/g)) {
                        const r = document.createRange();
                        r.setStart(n, m.index);
                        r.setEnd(n, m.index + m[0].length);
                        const tops = new Set([...r.getClientRects()].map((b) => Math.round(b.top)));
                        if (tops.size > 1) out.push(`${w}px: ${m[0]}`);
                    }
                }
            }
            return out;
        }"""
    )
    assert split == [], split


def test_deep_zoom_axis_labels_stay_on_their_axes(page):
    page.set_viewport_size(WIDE)
    open_explorer(page, f"?e={EXPERIMENT}&z=48&x=36028797018963968.5&y=36028797018963968.5")
    page.wait_for_function("() => document.getElementById('axis-y').dataset.ticks")
    for axis in ("axis-x", "axis-y"):
        out = page.evaluate(
            """(id) => {
                const c = document.getElementById(id);
                const ctx = c.getContext('2d');
                ctx.font = '11px system-ui, sans-serif';
                const length = id === 'axis-y' ? c.clientHeight : c.clientWidth;
                const ticks = JSON.parse(c.dataset.ticks);
                return { length, spans: ticks.map(([pos, label]) => {
                    const w = ctx.measureText(label).width;
                    return [pos - w / 2, pos + w / 2, label];
                }) };
            }""",
            axis,
        )
        assert len(out["spans"]) >= 2, out
        for lo, hi, label in out["spans"]:
            assert lo >= 0 and hi <= out["length"], (axis, label, lo, hi, out["length"])
