"""Pure legal rules: values in, values out, no I/O."""
