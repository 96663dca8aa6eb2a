// strings.render_template runs Go's text/template language over the template variables.
import { describe, expect, it } from 'vitest';
import { error, value } from './rego-eval.ts';

const render = (tmpl: string, vars: unknown) => value(`strings.render_template(${JSON.stringify(tmpl)}, ${JSON.stringify(vars)})`);

describe('strings.render_template', () => {
  it('prints fields, nested fields and numbers, and <undefined> for missing keys', async () => {
    expect(await render('{{.a}} {{.b.c}} {{.n}} {{.missing}}', { a: 'x', b: { c: true }, n: 2023 })).toBe('x true 2023 <undefined>');
    expect(await render('{{.list}} {{.obj}}', { list: [1, 'a'], obj: { b: 2, a: 1 } })).toBe('[1 a] map[a:1 b:2]');
  });

  it('ranges over lists and maps with variables, with else for empty ones', async () => {
    expect(await render('{{range $i, $n := .names}}{{if $i}}, {{end}}{{$i}}={{$n}}{{end}}', { names: ['a', 'b'] })).toBe('0=a, 1=b');
    expect(await render('{{range $k, $v := .m}}{{$k}}:{{$v}};{{end}}', { m: { z: 1, a: 2 } })).toBe('a:2;z:1;');
    expect(await render('{{range .none}}x{{else}}empty{{end}}', { none: [] })).toBe('empty');
    expect(await render('{{range .items}}[{{.name}}]{{end}}', { items: [{ name: 'p' }, { name: 'q' }] })).toBe('[p][q]');
  });

  it('branches with if / else if / else and with, and trims around {{- -}}', async () => {
    const t = '{{if eq .kind "Pod"}}pod{{else if eq .kind "Job"}}job{{else}}other{{end}}';
    expect(await render(t, { kind: 'Job' })).toBe('job');
    expect(await render(t, { kind: 'Node' })).toBe('other');
    expect(await render('{{with .meta}}{{.name}}{{else}}none{{end}}', { meta: { name: 'm' } })).toBe('m');
    expect(await render('a  {{- .x -}}  b {{/* a comment */}}c', { x: 1 })).toBe('a1b c');
  });

  it('calls functions and pipelines', async () => {
    expect(await render('{{len .l}} {{index .l 1}} {{printf "%s-%d" .s .n}} {{.s | printf "%q"}}', { l: [1, 2, 3], s: 'x', n: 7 })).toBe('3 2 x-7 "x"');
    expect(await render('{{$v := .a}}{{if and $v (not .b)}}yes{{end}}', { a: 1, b: false })).toBe('yes');
  });

  it('fails with Go\'s messages on bad templates', async () => {
    expect(await error('strings.render_template("{{.a", {})')).toContain('unclosed action');
    expect(await error('strings.render_template("{{nope .a}}", {})')).toContain('function "nope" not defined');
    expect(await error('strings.render_template("{{if .a}}x", {})')).toContain('unexpected EOF');
    expect(await error('strings.render_template("x", [1])')).toContain('operand 2 must be object but got array');
  });
});
