public import GRPCCore
