/**
 * The ChatML Jinja template as Hugging Face tokenizers ship it. node-llama-cpp recognises it and picks its
 * ChatML wrapper; llama.cpp's own template detection does the same from the `<|im_start|>` marker.
 */
export const chatmlTemplate =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
