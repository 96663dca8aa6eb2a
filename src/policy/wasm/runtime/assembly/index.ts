// Entry point of the policy runtime: re-exports the ABI and every native builtin.
// Native builtins are exported as `builtin$<rego name with '.' replaced by '$'>`; the build script
// renames those exports to `builtin:<rego name>`, which is what the code generator looks up.
export * from "./abi";
export { rt_fmemo_begin, rt_fmemo_arg, rt_fmemo_enter, rt_fmemo_enter1, rt_fmemo_enter2, rt_fmemo_done } from "./fmemo";
export * from "./builtins/index";
