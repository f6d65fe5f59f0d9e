/**
 * TUN offloads in pure Java, allocation-free per packet: the virtio_net_hdr that leads every read and
 * write of a TUN opened with IFF_VNET_HDR, TCP segmentation of the kernel's TSO superpackets, and
 * GRO-style coalescing of received TCP segments into one superpacket. Imports only the JDK.
 */
package org.ikd.tun.offload;
