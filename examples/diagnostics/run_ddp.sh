#!/bin/bash
# How DM019_ddp_auto.py, DM020_qlora_card0.py and DM021_rank_cards.py are started (device-map check reads this).
export CUDA_VISIBLE_DEVICES=0,1
torchrun --nproc_per_node 2 DM019_ddp_auto.py
accelerate launch --num_processes 2 DM020_qlora_card0.py
CUDA_VISIBLE_DEVICES=0,1,2,3 ACCELERATE_BYPASS_DEVICE_MAP=true torchrun --nproc_per_node 2 DM021_rank_cards.py
