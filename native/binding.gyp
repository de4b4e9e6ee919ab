{
  "variables": {
    # The tc ingress program (rtp-relay/kernel/) needs clang for the BPF
    # object and libbpf-dev for the loader; without either the addon is
    # built without it and the relay stays in user space.
    "has_bpf%": "<!(command -v clang >/dev/null 2>&1 && test -f /usr/include/bpf/libbpf.h && echo 1 || echo 0)",
    "multiarch%": "<!(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)"
  },
  "targets": [
    {
      "target_name": "rtp_relay",
      "sources": [
        "rtp-relay/addon.cc",
        "rtp-relay/relay-shard.cc",
        "rtp-relay/relay-forward.cc",
        "rtp-relay/relay-kernel.cc",
        "rtp-relay/kernel/kernel-forward.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-O2", "-Wall", "-Wextra"],
      "conditions": [
        ["OS!='linux'", { "type": "none" }],
        ["OS=='linux' and has_bpf==1", {
          "defines": ["RELAY_KERNEL"],
          "libraries": ["-lbpf"],
          "dependencies": ["relay_kern"]
        }]
      ]
    }
  ],
  "conditions": [
    ["OS=='linux' and has_bpf==1", {
      "targets": [
        {
          "target_name": "relay_kern",
          "type": "none",
          "actions": [
            {
              "action_name": "clang_bpf",
              "inputs": ["rtp-relay/kernel/relay-kern.bpf.c", "rtp-relay/kernel/relay-kern.h"],
              "outputs": ["<(PRODUCT_DIR)/relay_kern.bpf.o"],
              "action": [
                "clang", "-O2", "-g", "-target", "bpf", "-Wall",
                "-I/usr/include/<(multiarch)",
                "-c", "rtp-relay/kernel/relay-kern.bpf.c",
                "-o", "<(PRODUCT_DIR)/relay_kern.bpf.o"
              ]
            }
          ]
        }
      ]
    }]
  ]
}
