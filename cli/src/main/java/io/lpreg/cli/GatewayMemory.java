package io.lpreg.cli;

import io.netty.util.internal.PlatformDependent;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/** The memory of the gateway running in this process: live heap after a full collection, direct memory. */
final class GatewayMemory {
    private GatewayMemory() {
    }

    /** {@code live_heap_bytes}, {@code netty_direct_bytes} (Netty's own count, -1 if it keeps none), {@code jdk_direct_bytes}. */
    static Map<String, Object> measure() {
        System.gc();
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("live_heap_bytes", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        figures.put("netty_direct_bytes", PlatformDependent.usedDirectMemory());
        long jdkDirect = 0;
        for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (pool.getName().equals("direct")) {
                jdkDirect = pool.getMemoryUsed();
            }
        }
        figures.put("jdk_direct_bytes", jdkDirect);
        return figures;
    }
}
