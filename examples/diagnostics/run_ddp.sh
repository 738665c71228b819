#!/bin/bash
# How DM019_ddp_auto.py and DM020_qlora_card0.py are started (device-map check reads this).
export CUDA_VISIBLE_DEVICES=0,1
torchrun --nproc_per_node 2 DM019_ddp_auto.py
accelerate launch --num_processes 2 DM020_qlora_card0.py
